export { startServer, DEFAULT_PORT, DEFAULT_QUEUE, type ServeOptions, type RunningServer } from './server.ts';
export { REQUEST_NAME } from './api.ts';
