// covidct viewer: the job list and, per study, the verdict, every slice (wheel/keys), lung and mediastinal
// windows, the Grad-CAM overlay and the per-slice probability strip. Plain DOM, no build step.
"use strict";

const app = document.getElementById("app");
let pollTimer = null;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
  return e;
}

async function getJson(url) {
  const r = await fetch(url, { cache: "no-store" });
  if (!r.ok) throw new Error(url + ": " + r.status);
  return r.json();
}

function verdictClass(decision) {
  return decision === "covid" ? "covid" : decision === "normal" ? "normal" : decision ? "undecided" : "none";
}

function verdictTitle(decision) {
  if (decision === "covid") return "COVID-19 pattern detected";
  if (decision === "normal") return "No COVID-19 pattern detected";
  if (decision) return "Undecided (" + decision + ")";
  return "No decision";
}

function fmt(x, digits) {
  return x == null ? "" : Number(x).toFixed(digits);
}

function route() {
  clearTimeout(pollTimer);
  document.onkeydown = null;
  const m = location.hash.match(/^#\/jobs\/([a-z0-9-]+)$/);
  if (m) showJob(m[1]); else showList();
}

async function showList() {
  let jobs;
  try {
    jobs = await getJson("/api/jobs");
  } catch (e) {
    app.replaceChildren(el("p", { class: "warn" }, "Cannot load the jobs: " + e.message));
    return;
  }
  const rows = jobs.slice().reverse().map(j => el("tr", { "data-job": j.job },
    el("td", {}, el("a", { href: "#/jobs/" + j.job }, j.created.replace("T", " ").replace(/\.\d+Z$/, " UTC"))),
    el("td", {}, j.source),
    el("td", {}, j.series ? j.series.label + " (" + j.series.slices + " slices)" : "-"),
    el("td", {}, el("span", { class: "badge state" }, j.state)),
    el("td", {}, j.state === "done" ? el("span", { class: "badge " + verdictClass(j.decision) }, verdictTitle(j.decision))
                                     : (j.error ? el("span", { class: "warn" }, j.error) : "")),
    el("td", {}, fmt(j.fraction, 3))));
  app.replaceChildren(el("h1", {}, "Studies"),
    jobs.length === 0 ? el("p", { class: "empty" }, "No study yet: upload a zip to POST /api/studies, push with STOW-RS to /dicomweb/studies, or connect Orthanc.")
      : el("table", { class: "jobs" }, el("thead", {}, el("tr", {}, ...["received", "source", "series", "state", "result", "COVID fraction"].map(h => el("th", {}, h)))),
           el("tbody", {}, ...rows)));
  if (jobs.some(j => j.state === "queued" || j.state === "running")) pollTimer = setTimeout(showList, 2000);
}

async function showJob(id) {
  let job;
  try {
    job = await getJson("/api/jobs/" + id);
  } catch (e) {
    app.replaceChildren(el("p", { class: "warn" }, "No such job: " + id));
    return;
  }
  if (job.state !== "done") {
    app.replaceChildren(el("h1", {}, "Study " + id),
      el("p", {}, el("span", { class: "badge state", id: "state" }, job.state), " ", job.error || ""),
      el("p", {}, el("a", { href: "#/" }, "all studies")));
    if (job.state === "queued" || job.state === "running") pollTimer = setTimeout(() => showJob(id), 1500);
    return;
  }
  const [result, slices] = await Promise.all([getJson("/api/jobs/" + id + "/result"), getJson("/api/jobs/" + id + "/slices")]);
  new StudyView(job, result, slices.slices).mount();
}

class StudyView {
  constructor(job, result, slices) {
    this.job = job;
    this.result = result;
    this.slices = slices;
    this.window = "lung";
    this.cam = false;
    // start on the most suspicious kept slice: where a reader would look first
    let best = 0, bestP = -1;
    slices.forEach((s, i) => { if (s.kept && s.p_covid > bestP) { best = i; bestP = s.p_covid; } });
    this.index = best;
  }

  mount() {
    const r = this.result, c = r.counts || {};
    const verdict = el("div", { class: "verdict " + verdictClass(r.decision), id: "verdict" }, verdictTitle(r.decision),
      el("small", {}, r.decision == null && r.no_decision_reason ? r.no_decision_reason
        : fmt(r.fraction, 3) + " of kept slices classified COVID (" + c.covid + " of " + c.kept + "); " + r.rule));
    this.img = el("img", { id: "slice", alt: "CT slice" });
    this.corner = el("div", { class: "corner", id: "slice-info" });
    this.note = el("div", { class: "note", hidden: "" });
    this.viewport = el("div", { class: "viewport", tabindex: "0", id: "viewport", "aria-label": "slice viewer: mouse wheel or arrow keys change the slice" },
      this.img, this.corner, this.note);
    this.viewport.addEventListener("wheel", e => { e.preventDefault(); this.go(this.index + (e.deltaY > 0 ? 1 : -1)); }, { passive: false });
    this.lungBtn = el("button", { id: "window-lung", onclick: () => this.setWindow("lung") }, "Lung (W1500 L-600)");
    this.mediaBtn = el("button", { id: "window-mediastinal", onclick: () => this.setWindow("mediastinal") }, "Mediastinal (W400 L40)");
    this.camBtn = el("button", { id: "toggle-cam", onclick: () => this.setCam(!this.cam) }, "Grad-CAM overlay");
    const controls = el("div", { class: "controls" }, this.lungBtn, this.mediaBtn, this.camBtn,
      el("span", { class: "hint" }, "wheel / \u2191\u2193 PgUp PgDn Home End: slices \u00b7 L, M: window \u00b7 G: overlay"));
    this.strip = el("div", { class: "strip", id: "strip", title: "p(COVID) per slice; click to go there" });
    this.bars = this.slices.map((s, i) => {
      const b = el("span", { class: s.kept ? "kept" + (s.p_covid >= 0.5 ? " cv" : "") : "", "data-index": String(i),
        title: "slice " + (i + 1) + (s.kept ? ": p(COVID) " + fmt(s.p_covid, 3) : ": dropped (lung closed)") });
      b.style.height = s.kept ? Math.max(6, 100 * s.p_covid) + "%" : "6%";
      return b;
    });
    this.strip.append(...this.bars);
    this.strip.addEventListener("click", e => { const i = e.target.getAttribute("data-index"); if (i != null) this.go(Number(i)); });
    const m = r.model || {};
    const details = el("div", { class: "panel" }, el("dl", {},
      el("dt", {}, "series"), el("dd", {}, this.job.series.label + " \u00b7 " + c.slices + " slices, " + c.kept + " kept (lung open)"),
      el("dt", {}, "why this series"), el("dd", {}, this.job.series.reason),
      el("dt", {}, "model"), el("dd", {}, (m.architecture || "?") + " at " + (m.input_size || "?") + " px, weights " + String(m.weights_sha256 || "").slice(0, 12)),
      el("dt", {}, "received"), el("dd", {}, this.job.created + " (" + this.job.source + ")"),
      ...(r.warnings && r.warnings.length ? [el("dt", {}, "warnings"), el("dd", { class: "warn" }, r.warnings.join("; "))] : []),
      el("dt", {}, "more"), el("dd", {}, el("a", { href: "/api/jobs/" + this.job.job + "/report", target: "_blank" }, "full report"),
        " \u00b7 ", el("a", { href: "/api/jobs/" + this.job.job + "/result", target: "_blank" }, "decision.json"),
        " \u00b7 ", el("a", { href: "#/" }, "all studies"))));
    app.replaceChildren(el("h1", {}, "Study " + this.job.job),
      el("div", { class: "study" },
        el("section", {}, verdict, this.strip,
          el("div", { class: "strip-legend" }, "p(COVID) per slice, top of the chest on the left: red \u2265 0.5, green < 0.5, grey: dropped (lung closed); click a bar to go there"),
          this.viewport, controls),
        el("aside", {}, details)));
    document.onkeydown = e => this.key(e);
    this.render();
    this.viewport.focus({ preventScroll: true });
  }

  key(e) {
    const steps = { ArrowDown: 1, ArrowRight: 1, j: 1, ArrowUp: -1, ArrowLeft: -1, k: -1, PageDown: 10, PageUp: -10 };
    if (e.key in steps) this.go(this.index + steps[e.key]);
    else if (e.key === "Home") this.go(0);
    else if (e.key === "End") this.go(this.slices.length - 1);
    else if (e.key === "l" || e.key === "L") this.setWindow("lung");
    else if (e.key === "m" || e.key === "M") this.setWindow("mediastinal");
    else if (e.key === "g" || e.key === "G") this.setCam(!this.cam);
    else return;
    e.preventDefault();
  }

  go(i) {
    const n = Math.max(0, Math.min(this.slices.length - 1, i));
    if (n !== this.index) { this.index = n; this.render(); }
  }

  setWindow(w) { this.window = w; this.render(); }

  setCam(on) { this.cam = on; this.render(); }

  url(i) {
    const s = this.slices[i], base = "/api/jobs/" + this.job.job + "/slices/" + i;
    return this.cam && s.kept ? base + "/cam" : base + "/image?window=" + this.window;
  }

  render() {
    const s = this.slices[this.index];
    this.img.src = this.url(this.index);
    this.img.setAttribute("data-index", String(this.index));
    this.img.setAttribute("data-window", this.cam && s.kept ? "lung" : this.window);
    this.img.setAttribute("data-cam", this.cam && s.kept ? "on" : "off");
    this.corner.textContent = "slice " + (this.index + 1) + " / " + this.slices.length + " \u00b7 " + s.file
      + (s.kept ? " \u00b7 p(COVID) " + fmt(s.p_covid, 3) : " \u00b7 dropped");
    this.note.hidden = !(this.cam && !s.kept);
    this.note.textContent = "This slice was not classified (the lung is closed): no Grad-CAM map.";
    this.lungBtn.setAttribute("aria-pressed", String(this.window === "lung"));
    this.mediaBtn.setAttribute("aria-pressed", String(this.window === "mediastinal"));
    this.camBtn.setAttribute("aria-pressed", String(this.cam));
    this.bars.forEach((b, i) => b.classList.toggle("current", i === this.index));
    // warm the cache for the neighbours so that scrolling stays smooth
    for (const d of [1, -1, 2]) {
      const j = this.index + d;
      if (j >= 0 && j < this.slices.length) new Image().src = this.url(j);
    }
  }
}

window.addEventListener("hashchange", route);
route();
