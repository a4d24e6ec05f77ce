// Preloaded with `node --import` by the package benchmark: reports the process's peak resident
// set size (KiB) on stderr at exit, without changing the program measured.
process.on("exit", () => {
  process.stderr.write(`\npeak-rss-kib ${process.resourceUsage().maxRSS}\n`);
});
