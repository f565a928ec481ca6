// Every process an e2e test starts is recorded here, one file per process in the run's folder
// (IOC_TEST_RUN_DIR, made by global-setup.js), so that the jest process itself can kill what is
// left however the run ends: a worker killed on a timeout, jest interrupted (SIGINT, SIGTERM), an
// error. Plain JavaScript: global-setup.js runs outside ts-jest. See harness.ts for the test side.
const fs = require('node:fs');
const path = require('node:path');

/** The process's start time in clock ticks since boot (/proc/<pid>/stat field 22), or null. */
function startTime(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Records a started process: `group` when it leads its own process group (killed as a group). */
function record(dir, entry) {
  const full = { ...entry, start: startTime(entry.pid) };
  fs.writeFileSync(path.join(dir, `${entry.pid}.json`), JSON.stringify(full));
  return full;
}

function forget(dir, pid) {
  fs.rmSync(path.join(dir, `${pid}.json`), { force: true });
}

function entries(dir) {
  let names = [];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    try {
      return [JSON.parse(fs.readFileSync(path.join(dir, n), 'utf8'))];
    } catch {
      return []; // half written by a process that died meanwhile
    }
  });
}

/**
 * SIGKILLs a recorded process, and its whole group when it leads one. A pid whose start time
 * changed was reused by another process: left alone.
 */
function killEntry(entry) {
  const now = startTime(entry.pid);
  const same = now !== null && (entry.start === null || now === entry.start);
  const tryKill = (pid) => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone already */
    }
  };
  // The leader may be gone while what it started still runs in its group.
  if (entry.group && (same || now === null)) tryKill(-entry.pid);
  if (same) tryKill(entry.pid);
}

/** Kills every recorded process (that `filter` selects) and forgets it. Synchronous: usable in an exit hook. */
function killRecorded(dir, filter = () => true) {
  const killed = [];
  for (const e of entries(dir)) {
    if (!filter(e)) continue;
    killEntry(e);
    forget(dir, e.pid);
    killed.push(e);
  }
  return killed;
}

module.exports = { record, forget, entries, killEntry, killRecorded, startTime };
