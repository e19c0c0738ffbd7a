// Temperature against humidity, one colour per device: a plain canvas (no dependency). Points
// are the columns /v1/series reduced the range to, so their number is bounded by the width.
export interface Cloud {
  label: string;
  color: string;
  x: readonly (number | null)[];
  y: readonly (number | null)[];
}

const PAD = { left: 56, right: 12, top: 10, bottom: 40 };

function ticks(lo: number, hi: number, count: number): number[] {
  const span = hi - lo || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= count) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step / 1e6; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

export class Scatter {
  readonly el: HTMLElement;
  readonly #canvas: HTMLCanvasElement;
  readonly #legend: HTMLElement;
  #clouds: readonly Cloud[] = [];
  #xLabel: string;
  readonly #yLabel: string;

  constructor(id: string, title: string, xLabel: string, yLabel: string, width: number) {
    this.el = document.createElement("section");
    this.el.className = "panel";
    this.el.id = id;
    const h2 = document.createElement("h2");
    h2.textContent = title;
    this.#canvas = document.createElement("canvas");
    this.#canvas.setAttribute("role", "img");
    this.#canvas.setAttribute("aria-label", title);
    this.#legend = document.createElement("p");
    this.#legend.className = "legend";
    this.el.append(h2, this.#canvas, this.#legend);
    this.#xLabel = xLabel;
    this.#yLabel = yLabel;
    this.setWidth(width);
  }

  setData(clouds: readonly Cloud[], xLabel = this.#xLabel): void {
    this.#clouds = clouds;
    this.#xLabel = xLabel;
    this.#legend.replaceChildren(
      ...clouds.map((c) => {
        const item = document.createElement("span");
        const swatch = document.createElement("i");
        swatch.style.background = c.color;
        item.append(swatch, `${c.label} (${c.x.length})`);
        return item;
      }),
    );
    this.el.dataset["points"] = String(clouds.reduce((n, c) => n + c.x.length, 0));
    this.#draw();
  }

  setWidth(width: number): void {
    const ratio = window.devicePixelRatio || 1;
    const height = Math.round(Math.min(360, Math.max(220, width * 0.5)));
    this.#canvas.width = Math.round(width * ratio);
    this.#canvas.height = Math.round(height * ratio);
    this.#canvas.style.width = `${width}px`;
    this.#canvas.style.height = `${height}px`;
    this.#draw();
  }

  #draw(): void {
    const ctx = this.#canvas.getContext("2d");
    if (!ctx) return;
    const ratio = window.devicePixelRatio || 1;
    const w = this.#canvas.width / ratio;
    const hgt = this.#canvas.height / ratio;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, hgt);
    const finite = (v: number | null): v is number => v !== null && Number.isFinite(v);
    const xs = this.#clouds.flatMap((c) => c.x.filter(finite));
    const ys = this.#clouds.flatMap((c) => c.y.filter(finite));
    const [x0, x1] = xs.length ? [xs.reduce((a, b) => Math.min(a, b)), xs.reduce((a, b) => Math.max(a, b))] : [0, 1];
    const [y0, y1] = ys.length ? [ys.reduce((a, b) => Math.min(a, b)), ys.reduce((a, b) => Math.max(a, b))] : [0, 1];
    const padX = (x1 - x0 || 1) * 0.05;
    const padY = (y1 - y0 || 1) * 0.05;
    const [lx, hx, ly, hy] = [x0 - padX, x1 + padX, y0 - padY, y1 + padY];
    const px = (v: number): number => PAD.left + ((v - lx) / (hx - lx)) * (w - PAD.left - PAD.right);
    const py = (v: number): number => hgt - PAD.bottom - ((v - ly) / (hy - ly)) * (hgt - PAD.top - PAD.bottom);
    ctx.font = "12px system-ui, sans-serif";
    ctx.fillStyle = "#59636e";
    ctx.strokeStyle = "#e6e9ed";
    ctx.lineWidth = 1;
    ctx.textAlign = "center";
    for (const v of ticks(lx, hx, Math.max(2, Math.floor(w / 90)))) {
      ctx.beginPath();
      ctx.moveTo(px(v), PAD.top);
      ctx.lineTo(px(v), hgt - PAD.bottom);
      ctx.stroke();
      // A label that would run past the canvas edge is left out (its grid line stays): cut, it reads wrong.
      if (px(v) + ctx.measureText(String(v)).width / 2 <= w) ctx.fillText(String(v), px(v), hgt - PAD.bottom + 14);
    }
    ctx.fillText(this.#xLabel, PAD.left + (w - PAD.left - PAD.right) / 2, hgt - 6);
    ctx.textAlign = "right";
    for (const v of ticks(ly, hy, 5)) {
      ctx.beginPath();
      ctx.moveTo(PAD.left, py(v));
      ctx.lineTo(w - PAD.right, py(v));
      ctx.stroke();
      ctx.fillText(String(v), PAD.left - 6, py(v) + 4);
    }
    ctx.save();
    ctx.translate(14, PAD.top + (hgt - PAD.top - PAD.bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = "center";
    ctx.fillText(this.#yLabel, 0, 0);
    ctx.restore();
    for (const c of this.#clouds) {
      ctx.fillStyle = `${c.color}99`;
      for (let i = 0; i < c.x.length; i++) {
        const x = c.x[i] ?? null;
        const y = c.y[i] ?? null;
        if (!finite(x) || !finite(y)) continue;
        ctx.fillRect(px(x) - 1.5, py(y) - 1.5, 3, 3);
      }
    }
  }
}
