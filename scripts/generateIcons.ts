// Writes the PWA's PNG icons (public/icons/*.png) from one drawing: the lantern flame of
// public/icon.svg on the app's background. No image library: a tiny PNG encoder (RGBA, zlib).
// The committed PNGs are this script's output; rerun it after changing the drawing:
//   npx tsx scripts/generateIcons.ts
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'

const BG = [0x0f, 0x11, 0x15] as const
const FLAME = [0xf5, 0xb9, 0x42] as const

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, data.length)
  out.set(new TextEncoder().encode(type), 4)
  out.set(data, 8)
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)))
  return out
}

/** Encodes RGBA pixels (row-major, 4 bytes each) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const header = new Uint8Array(13)
  const view = new DataView(header.buffer)
  view.setUint32(0, width)
  view.setUint32(4, height)
  header.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA, no interlace
  const raw = new Uint8Array(height * (1 + width * 4))
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (1 + width * 4) + 1)
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}

/** Inside the flame of icon.svg (32-unit box): a circle of radius 6 at (16, 18) under a point at (16, 7). */
function inFlame(x: number, y: number): boolean {
  if ((x - 16) ** 2 + (y - 18) ** 2 <= 36) return true
  if (y < 7 || y > 18) return false
  const halfWidth = 6 * Math.sin(((y - 7) / 11) * (Math.PI / 2))
  return Math.abs(x - 16) <= halfWidth
}

/**
 * One icon. `maskable`: full-bleed background with the flame inside the central 60 % (the
 * maskable safe zone is the central 80 % circle); otherwise a rounded square like icon.svg.
 */
export function drawIcon(size: number, maskable: boolean): Uint8Array {
  const rgba = new Uint8Array(size * size * 4)
  const samples = 4 // supersampling per axis, for smooth edges
  const scale = maskable ? 0.6 : 1
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let flame = 0
      let inside = 0
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = ((px + (sx + 0.5) / samples) / size) * 32
          const v = ((py + (sy + 0.5) / samples) / size) * 32
          const bgInside = maskable || roundedSquare(u, v)
          if (!bgInside) continue
          inside++
          const fu = 16 + (u - 16) / scale
          const fv = 16 + (v - 16) / scale + (maskable ? 1.5 : 0)
          if (inFlame(fu, fv)) flame++
        }
      }
      const total = samples * samples
      const t = inside === 0 ? 0 : flame / inside
      const i = (py * size + px) * 4
      for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(BG[c]! * (1 - t) + FLAME[c]! * t)
      rgba[i + 3] = Math.round((inside / total) * 255)
    }
  }
  return encodePng(size, size, rgba)
}

function roundedSquare(u: number, v: number): boolean {
  const r = 7
  const cx = Math.min(Math.max(u, r), 32 - r)
  const cy = Math.min(Math.max(v, r), 32 - r)
  return (u - cx) ** 2 + (v - cy) ** 2 <= r * r
}

export const ICONS = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'maskable-512.png', size: 512, maskable: true },
] as const

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  const dir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons')
  mkdirSync(dir, { recursive: true })
  for (const icon of ICONS) {
    writeFileSync(join(dir, icon.file), drawIcon(icon.size, icon.maskable))
    console.log(`public/icons/${icon.file}`)
  }
}
