// Preloaded with `node --require` by the package benchmark (a startup snapshot runs no --import): reports the process's peak resident
// set size (KiB) on stderr at exit, without changing the program measured.
process.on("exit", () => {
  process.stderr.write(`\npeak-rss-kib ${process.resourceUsage().maxRSS}\n`);
});
