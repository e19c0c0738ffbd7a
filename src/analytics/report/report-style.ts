// The analysis report's look: the same palette and card/panel/table shapes as the evaluation
// report, kept in one string so the shared report kit can replace it in one edit.
export const REPORT_CSS = `
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--accent:#3b6ea8}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#f5f7fa}
header{background:#1f2933;color:#fff;padding:24px 40px}header h1{margin:0 0 4px;font-size:24px}header p{margin:0;color:#cbd2d9}
main{max-width:1280px;margin:0 auto;padding:20px 40px 60px}h2{font-size:19px;margin:32px 0 6px}p.lead{color:var(--muted);margin:0 0 14px;max-width:900px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:14px}
.card{background:#fff;border-radius:10px;padding:14px 18px;box-shadow:0 1px 3px rgba(0,0,0,.08);border-top:5px solid var(--accent)}
.card h3{margin:0;font-size:13px;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.card .value{font-size:28px;font-weight:700;margin:4px 0}.card .note{font-size:13px;color:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;font-size:13px;color:var(--muted);margin:6px 0 10px}.legend b{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:14px}
.panel{background:#fff;border-radius:10px;padding:12px 14px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.panel h4{margin:0 0 6px;font-size:14px;display:flex;justify-content:space-between;gap:8px}.panel h4 span{font-weight:500;color:var(--muted);white-space:nowrap}
.stack .panel{border-radius:0;box-shadow:none;border-bottom:1px solid var(--line)}.stack{border-radius:10px;overflow:hidden;box-shadow:0 1px 3px rgba(0,0,0,.08)}
svg{width:100%;height:auto;display:block}svg .axis{font-size:10px;fill:#52606d}
.table-wrap{overflow-x:auto}table{border-collapse:collapse;width:100%;background:#fff;border-radius:10px;overflow:hidden;box-shadow:0 1px 3px rgba(0,0,0,.08);font-size:14px}
th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}th{background:#f0f2f5;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.empty{color:var(--muted);font-size:13px;margin:4px 0}footer{color:var(--muted);font-size:13px;margin-top:40px;max-width:900px}
@media (max-width:640px){.cards{grid-template-columns:1fr 1fr}.card .value{font-size:22px}header{padding:18px 16px}main{padding:12px 12px 40px}.grid{grid-template-columns:1fr}}
`;
