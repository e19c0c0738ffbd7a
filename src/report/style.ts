// One look for every report: the palette (series a in blue, series b in orange, grades in green,
// amber and red) and the blocks the kit's helpers emit (cards, panels, legends, tables, alerts).
export const SERIES_A = "#3b6ea8";
export const SERIES_B = "#e8833a";
export const SERIES_MUTED = "#9aa3ad";

export const REPORT_CSS = `
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--good:#2f8f5b;--warn:#c98a16;--bad:#c0392b;--a:${SERIES_A};--b:${SERIES_B};--c:${SERIES_MUTED}}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#f5f7fa}
header{background:#1f2933;color:#fff;padding:28px 40px}header h1{margin:0 0 4px;font-size:24px}header p{margin:0;color:#cbd2d9}
main{max-width:1280px;margin:0 auto;padding:24px 40px 60px}h2{font-size:19px;margin:36px 0 6px}p.lead{color:var(--muted);margin:0 0 16px;max-width:900px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:14px}
.card{background:#fff;border-radius:10px;padding:16px 18px;box-shadow:0 1px 3px rgba(0,0,0,.08);border-top:5px solid var(--line)}
.card.good{border-top-color:var(--good)}.card.accent{border-top-color:var(--a)}.card.warn{border-top-color:var(--warn)}.card.bad{border-top-color:var(--bad)}
.card h3{margin:0;font-size:13px;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.card .value{font-size:34px;font-weight:700;margin:4px 0}.card .note{font-size:13px;color:var(--muted)}
.meter{height:6px;background:#eef0f3;border-radius:3px;position:relative;margin:8px 0 6px}.meter span{position:absolute;top:0;bottom:0;left:0;border-radius:3px;background:var(--b)}
.meter i{position:absolute;top:-3px;width:2px;height:12px;background:#52606d}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;font-size:13px;color:var(--muted);margin:6px 0 12px}.legend b{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:14px}
.panel{background:#fff;border-radius:10px;padding:12px 14px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.panel h4{margin:0 0 6px;font-size:14px;display:flex;justify-content:space-between;gap:8px}.panel h4 span{font-weight:500;color:var(--muted);white-space:nowrap}
svg{width:100%;height:auto;display:block}svg .axis{font-size:10px;fill:#52606d}svg .cell{font-size:10px;fill:#1f2933}
.heatmaps{display:flex;flex-wrap:wrap;gap:18px}.heatmap{background:#fff;border-radius:10px;padding:12px;margin:0;box-shadow:0 1px 3px rgba(0,0,0,.08);flex:1 1 380px}
.heatmap figcaption{font-weight:600;margin-bottom:6px}.heatmap svg{max-width:100%}
table{border-collapse:collapse;width:100%;background:#fff;border-radius:10px;overflow:hidden;box-shadow:0 1px 3px rgba(0,0,0,.08);font-size:14px}
th,td{padding:7px 12px;border-bottom:1px solid var(--line);text-align:left}th{background:#f0f2f5;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}tr.weak td{background:#fdecea}
.pill{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;background:#eef0f3}.pill.yes{background:#e3f3ea;color:var(--good)}
.alert{background:#fdf1e7;border-left:5px solid var(--bad);border-radius:10px;padding:12px 18px;margin-top:18px}.alert h2{margin:0 0 6px;color:var(--bad)}
.stack{border-radius:10px;overflow:hidden;box-shadow:0 1px 3px rgba(0,0,0,.08)}.stack .panel{border-radius:0;box-shadow:none;border-bottom:1px solid var(--line)}
.table-wrap{overflow-x:auto}.table-wrap td,.table-wrap th{white-space:nowrap}.empty{color:var(--muted);font-size:13px;margin:4px 0}
details{margin-top:10px}summary{cursor:pointer;color:var(--a)}footer{color:var(--muted);font-size:13px;margin-top:40px;max-width:900px}
@media (max-width:640px){header{padding:18px 16px}main{padding:12px 12px 40px}.cards{grid-template-columns:1fr 1fr}.card .value{font-size:22px}.grid{grid-template-columns:1fr}table{display:block;overflow-x:auto}}
`;
