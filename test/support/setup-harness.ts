// setupFilesAfterEnv of the e2e project: every test file's processes die with it (see harness.ts).
import { installHarness } from './harness';

installHarness();
