// Imported first by the kit's entry points: tracing must start before pg and http are loaded.
import { startTracing } from './tracing';

startTracing();
