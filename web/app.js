// vankien web page: search box -> /api/resolve -> one directive with its implementers, lineage, citations,
// tasks and coverage. Every edge shows the sentence it was extracted from. Plain DOM (textContent only, never
// innerHTML with data) so document text cannot inject markup.
"use strict";

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "onclick") node.addEventListener("click", v);
    else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === "") continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

async function api(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = new Error(body.detail || `${res.status} ${res.statusText}`);
    err.status = res.status;
    err.candidates = body.candidates || [];
    throw err;
  }
  return body;
}

const refPath = (ref) => `/api/directives/${encodeURIComponent(ref)}`;

function label(d) {
  if (!d) return "?";
  const main = d.symbol || d.name || d.title || d.id;
  const bits = [d.kind, d.date || d.year, d.issuer, d.locality].filter(Boolean);
  return bits.length ? `${main} (${bits.join(", ")})` : main;
}

function refLink(d) {
  return el("a", { class: "ref", title: d.id, onclick: () => openDirective(d.id) }, label(d));
}

function provenance(p) {
  if (!p) return null;
  const where = [p.source_file, p.line ? `dòng ${p.line}` : null, p.start != null ? `ký tự ${p.start}–${p.end}` : null]
    .filter(Boolean).join(", ");
  const how = p.resolution ? ` · ${p.resolution}${p.confidence != null ? ` (${p.confidence})` : ""}` : "";
  return el("div", {},
    p.sentence ? el("blockquote", {}, p.sentence) : null,
    where || how ? el("div", { class: "muted" }, where + how) : null);
}

function message(text, isError = false) {
  const m = $("message");
  m.textContent = text || "";
  m.className = isError ? "error" : "muted";
}

async function loadHealth() {
  try {
    const h = await api("/health");
    const counts = Object.entries(h.counts || {}).map(([k, v]) => `${k}: ${v}`).join(", ");
    $("health").textContent = h.status === "ok" ? `kho ${h.home} · ${counts}` : `không mở được kho: ${h.detail}`;
  } catch (e) {
    $("health").textContent = `health: ${e.message}`;
  }
}

function showCandidates(list) {
  const box = $("candidates");
  box.replaceChildren();
  if (!list.length) return;
  box.append(el("h3", {}, "Kết quả"), el("ul", {}, ...list.map((c) =>
    el("li", {}, refLink(c.directive), el("span", { class: "muted" }, ` · ${c.score}${c.reason ? " · " + c.reason : ""}`)))));
}

async function search(q) {
  message("Đang tìm…");
  $("directive").replaceChildren();
  try {
    const r = await api(`/api/resolve?q=${encodeURIComponent(q)}`);
    showCandidates(r.candidates);
    if (!r.candidates.length) { message(`Không tìm thấy văn kiện nào cho “${q}”.`, true); return; }
    message("");
    await openDirective(r.candidates[0].directive.id);
  } catch (e) {
    message(e.message, true);
  }
}

function relatedSection(title, result, emptyText) {
  const s = el("section", {}, el("h2", {}, title));
  if (result.status === "rejected") { s.append(el("p", { class: "error" }, result.reason.message)); return s; }
  const items = result.value.items;
  if (!items.length) { s.append(el("p", { class: "muted" }, emptyText)); return s; }
  s.append(el("ul", {}, ...items.map((it) => el("li", {},
    refLink(it.directive),
    el("span", { class: "muted" }, ` · ${it.relation}${it.depth > 1 ? ` · cấp ${it.depth}` : ""}`),
    ...(it.provenance || []).map(provenance)))));
  return s;
}

function tasksSection(result) {
  const s = el("section", {}, el("h2", {}, "Nhiệm vụ và phân công"));
  if (result.status === "rejected") { s.append(el("p", { class: "error" }, result.reason.message)); return s; }
  const tasks = result.value.tasks;
  if (!tasks.length) { s.append(el("p", { class: "muted" }, "Không có nhiệm vụ nào được trích xuất.")); return s; }
  for (const t of tasks) {
    const deadline = t.deadline && t.deadline.text ? `Thời hạn: ${t.deadline.text}` : "";
    s.append(el("div", { class: "task" },
      el("h3", {}, `${t.id}. ${t.heading || ""}`),
      deadline ? el("div", { class: "muted" }, deadline) : null,
      el("ul", {}, ...(t.assignments || []).map((a) => el("li", {},
        el("span", { class: "role" }, a.role), " ", a.agency, provenance(a.provenance))))));
  }
  return s;
}

function coverageSection(result) {
  const s = el("section", {}, el("h2", {}, "Địa phương đã / chưa triển khai"));
  if (result.status === "rejected") { s.append(el("p", { class: "error" }, result.reason.message)); return s; }
  const c = result.value;
  s.append(el("ul", {}, ...c.covered.map((x) => el("li", {}, `${x.locality}: `, refLink(x.directive),
    x.lag_days != null ? el("span", { class: "muted" }, ` · sau ${x.lag_days} ngày`) : null))));
  if (c.missing.length) s.append(el("p", {}, `Chưa thấy văn bản triển khai: ${c.missing.join(", ")}`));
  if (!c.covered.length && !c.missing.length) s.append(el("p", { class: "muted" }, "Chưa có dữ liệu."));
  return s;
}

async function openDirective(ref) {
  const box = $("directive");
  box.replaceChildren(el("p", { class: "muted" }, "Đang tải…"));
  let d;
  try {
    d = await api(refPath(ref));
  } catch (e) {
    box.replaceChildren(el("p", { class: "error" }, e.message));
    return;
  }
  history.replaceState(null, "", `#ref=${encodeURIComponent(d.id)}`);
  const depth = Number($("depth") ? $("depth").value : 3) || 3;
  const base = refPath(d.id);
  const [impl, lin, cites, citedBy, tasks, cov] = await Promise.allSettled([
    api(`${base}/implementers?depth=${depth}`), api(`${base}/lineage`), api(`${base}/cites`),
    api(`${base}/cited-by`), api(`${base}/tasks`), api(`${base}/coverage`),
  ]);
  const facts = [["Mã", d.id], ["Số hiệu", d.symbol], ["Tên", d.name], ["Loại", d.kind], ["Ngày", d.date || d.year],
    ["Cơ quan ban hành", d.issuer], ["Địa phương", d.locality], ["Trích yếu", d.title],
    ["Tệp", (d.sources || []).join(", ")]].filter(([, v]) => v);
  const depthInput = el("input", { id: "depth", type: "number", min: "1", max: "20", value: String(depth) });
  depthInput.addEventListener("change", () => openDirective(d.id));
  box.replaceChildren(
    el("h2", {}, label(d)),
    el("dl", {}, ...facts.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
    el("label", { class: "muted" }, "Độ sâu chuỗi thực hiện: ", depthInput),
    relatedSection("Văn bản thực hiện (implementers)", impl, "Chưa có văn bản nào thực hiện văn kiện này."),
    relatedSection("Dòng dõi (lineage)", lin, "Không thực hiện văn kiện nào khác."),
    relatedSection("Trích dẫn (cites)", cites, "Không trích dẫn văn kiện nào."),
    relatedSection("Được trích dẫn bởi (cited by)", citedBy, "Chưa được văn kiện nào trích dẫn."),
    tasksSection(tasks),
    coverageSection(cov),
  );
}

$("search").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const q = $("q").value.trim();
  if (q) search(q);
});

loadHealth();
// Bookmarkable: "#ref=<id>" opens a directive, "#q=<text>" runs a search.
const hash = new URLSearchParams(location.hash.slice(1));
if (hash.get("ref")) openDirective(hash.get("ref"));
else if (hash.get("q")) { $("q").value = hash.get("q"); search(hash.get("q")); }
