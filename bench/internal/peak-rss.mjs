// Preloaded into a benchmarked child (`node --import`): reports the process's peak resident set
// size and its CPU time (user + system), worker threads included, on stderr as it exits.
process.on("exit", () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\npeak-rss-kb ${usage.maxRSS}\ncpu-ms ${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`);
});
