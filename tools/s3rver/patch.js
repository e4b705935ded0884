#!/usr/bin/env node
// Applies the project's fixes to the installed s3rver 3.7.1 (run by npm as `postinstall`).
// s3rver is unmaintained; three of these defects break the Minio .NET SDK 7.0.0, the fourth makes completing
// a large multipart upload copy the whole object again.
// Idempotent: each fix leaves a marker and is skipped when the marker is present.
// Fails loudly (exit 1) when the code it expects is not there, e.g. after a version bump.
'use strict';

const fs = require('fs');
const path = require('path');

const PINNED_VERSION = '3.7.1';
const root = path.join(__dirname, 'node_modules', 's3rver');

const fixes = [
  {
    name: 's3-xml-namespace',
    file: 'lib/s3rver.js',
    // Every XML document the server builds from an object passes through this middleware;
    // 3.7.1 omits the namespace or uses a wrong one (http://doc.s3.amazonaws.com/...),
    // and the SDK's XmlSerializer then reads empty lists.
    find: `        if (isPlainObject(ctx.body)) {
          ctx.type = 'application/xml';`,
    replace: `        if (isPlainObject(ctx.body)) {
          /* platform-fix:s3-xml-namespace */
          const rootTag = Object.keys(ctx.body)[0];
          if (rootTag && isPlainObject(ctx.body[rootTag])) {
            ctx.body[rootTag]['@'] = Object.assign({}, ctx.body[rootTag]['@'], {
              xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
            });
          }
          ctx.type = 'application/xml';`,
  },
  {
    name: 'copy-source-decoding',
    file: 'lib/controllers/object.js',
    // The SDK percent-encodes the whole key (Uri.EscapeDataString, so '/' is %2F);
    // decodeURI leaves %2F, %2B, %3F ... encoded and the source is not found.
    find: `  let copySource = decodeURI(ctx.headers['x-amz-copy-source']);
  copySource = copySource.startsWith('/') ? copySource.slice(1) : copySource;
  let [srcBucket, ...srcKey] = copySource.split('/');
  srcKey = srcKey.join('/');`,
    replace: `  /* platform-fix:copy-source-decoding */
  let copySource = ctx.headers['x-amz-copy-source'].split('?')[0];
  copySource = copySource.startsWith('/') ? copySource.slice(1) : copySource;
  const bucketEnd = copySource.indexOf('/');
  const srcBucket = decodeURIComponent(copySource.slice(0, bucketEnd));
  const srcKey = decodeURIComponent(copySource.slice(bucketEnd + 1));`,
  },
  {
    name: 'concurrent-delete-cleanup',
    file: 'lib/stores/filesystem.js',
    // Concurrent deletes race to remove the same empty folders: another request may
    // have removed a folder already (ENOENT) or written into it (ENOTEMPTY/EEXIST).
    // Neither is an error for the delete that was asked for.
    find: `    while (
      parts.length &&
      !fs.readdirSync(path.join(bucketPath, ...parts)).length
    ) {
      await fs.rmdir(path.join(bucketPath, ...parts));
      parts.pop();
    }`,
    replace: `    /* platform-fix:concurrent-delete-cleanup */
    while (parts.length) {
      try {
        await fs.rmdir(path.join(bucketPath, ...parts));
      } catch (err) {
        if (err.code === 'ENOTEMPTY' || err.code === 'EEXIST') break;
        if (err.code !== 'ENOENT') throw err;
      }
      parts.pop();
    }`,
  },
  {
    name: 'multipart-complete-in-place',
    file: 'lib/stores/filesystem.js',
    // 3.7.1 completes a multipart upload by streaming every part through putObject again: the
    // whole object is read, MD5-hashed and written a second time (5.5 s of a 14 s 1 GiB upload
    // here, and long enough to trip the storage client's timeout under load). S3 and MinIO
    // complete without touching the data and answer the multipart ETag, the MD5 of the parts'
    // binary MD5s followed by "-<part count>". This does the same: the first part becomes the
    // object file, the others are appended, and the ETag comes from the parts' stored MD5s.
    find: `    const partStreams = sortBy(parts, part => part.number).map(part =>
      fs.createReadStream(path.join(uploadDir, part.number.toString())),
    );
    const object = new S3Object(
      bucket,
      key,
      concatStreams(partStreams),
      metadata,
    );
    const result = await this.putObject(object);
    await fs.remove(uploadDir);
    return result;`,
    replace: `    /* platform-fix:multipart-complete-in-place */
    const ordered = sortBy(parts, part => part.number);
    const partPath = part => path.join(uploadDir, part.number.toString());
    const partMd5s = await Promise.all(
      ordered.map(part => fs.readFile(\`\${partPath(part)}.md5\`, 'utf8')),
    );
    const assembled = path.join(uploadDir, 'assembled');
    await fs.rename(partPath(ordered[0]), assembled);
    for (const part of ordered.slice(1)) {
      await new Promise((resolve, reject) => {
        const source = fs.createReadStream(partPath(part));
        const target = fs.createWriteStream(assembled, { flags: 'a' });
        source.on('error', reject);
        target.on('error', reject).on('finish', resolve);
        source.pipe(target);
      });
    }
    const { size } = await fs.stat(assembled);
    const md5 = \`\${crypto
      .createHash('md5')
      .update(Buffer.concat(partMd5s.map(hex => Buffer.from(hex.trim(), 'hex'))))
      .digest('hex')}-\${ordered.length}\`;
    const objectPath = this.getResourcePath(bucket, key, 'object');
    await fs.mkdirp(path.dirname(objectPath));
    await fs.rename(assembled, objectPath);
    await this.putMetadata(bucket, key, metadata, md5);
    await fs.remove(uploadDir);
    return { size, md5 };`,
  },
];

function fail(message) {
  console.error(`s3rver patch: ${message}`);
  console.error('Fix: run `npm ci` in tools/s3rver; if s3rver was upgraded, update patch.js for the new code.');
  process.exit(1);
}

function countOccurrences(text, fragment) {
  return text.split(fragment).length - 1;
}

if (!fs.existsSync(path.join(root, 'package.json'))) {
  fail(`s3rver is not installed under ${root}`);
}
const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
if (version !== PINNED_VERSION) {
  fail(`expected s3rver ${PINNED_VERSION}, found ${version}`);
}

for (const fix of fixes) {
  const file = path.join(root, fix.file);
  const source = fs.readFileSync(file, 'utf8');
  if (source.includes(`platform-fix:${fix.name}`)) {
    console.log(`s3rver patch: ${fix.name} already applied`);
    continue;
  }
  const found = countOccurrences(source, fix.find);
  if (found !== 1) {
    fail(`${fix.name}: expected the original code once in ${fix.file}, found it ${found} times`);
  }
  // Write to a temporary file first so an interrupted install never leaves half a file.
  const patched = source.replace(fix.find, () => fix.replace);
  fs.writeFileSync(`${file}.tmp`, patched);
  fs.renameSync(`${file}.tmp`, file);
  console.log(`s3rver patch: ${fix.name} applied to ${fix.file}`);
}
