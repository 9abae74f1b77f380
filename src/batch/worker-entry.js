// Worker threads do not share the main thread's module hooks: register tsx here too.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
