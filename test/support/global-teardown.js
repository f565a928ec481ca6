module.exports = async () => {
  globalThis.__IOC_TEST_RUN__?.sweep(); // what the test files left (a worker killed on a timeout)
  await globalThis.__IOC_TEST_DB__?.dispose();
  const root = globalThis.__IOC_TEST_DATA_ROOT__;
  if (root) require('node:fs').rmSync(root, { recursive: true, force: true });
};
