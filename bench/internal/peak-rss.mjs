// Preloaded into a benchmarked child (`node --import`): reports the process's peak resident set
// size, worker threads included, on stderr as it exits.
process.on("exit", () => {
  process.stderr.write(`\npeak-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
