// Renders public/icon.svg (the bell) to the PNG icons the web app manifest and iOS ask for. Run by
// hand when the SVG changes (`node scripts/render-icons.mjs`); the PNGs are committed, so neither
// the build nor the app needs sharp.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const root = path.resolve(import.meta.dirname, '..');
const svg = fs.readFileSync(path.join(root, 'public/icon.svg'));
const sizes = { 'icon-192.png': 192, 'icon-512.png': 512, 'apple-touch-icon.png': 180 };

for (const [name, size] of Object.entries(sizes)) {
  await sharp(svg, { density: (72 * size) / 32 })
    .resize(size, size)
    .png()
    .toFile(path.join(root, 'public/icons', name));
  console.log(`public/icons/${name} (${size}×${size})`);
}
