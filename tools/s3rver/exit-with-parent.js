// Preloaded with `node -r` by Platform.Hosting's S3Server: when the launching process dies,
// even by SIGKILL, its end of our stdin pipe closes and the server exits instead of lingering.
// Only active when asked for, so the plain start command behaves as documented.
'use strict';

if (process.env.S3RVER_EXIT_WITH_STDIN === '1') {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('error', () => process.exit(0));
  process.stdin.resume();
}
