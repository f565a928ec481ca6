module.exports = async () => {
  await globalThis.__IOC_TEST_DB__?.dispose();
};
