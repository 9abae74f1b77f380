export { startServer, DEFAULT_PORT, DEFAULT_QUEUE, type ServeOptions, type RunningServer } from './server.ts';
export { REQUEST_NAME } from './api.ts';
export { serviceOptionsOf, exposureWarning } from './options.ts';
export { DEFAULT_SERVICE_LIMITS, TOKEN_VARIABLE, type ServiceLimits } from './settings.ts';
