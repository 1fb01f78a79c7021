/*
 * Live Code: run this page's code cells on a Jupyter server on the reader's own computer.
 *
 * The page carries a `.live-code-bar` (added by _ext/live_code.py) naming the notebook and its kernel.
 * scripts/serve.py serves `live-code.json` at the site root for each run: the local Jupyter's
 * address and a fresh token.  On a click this script loads the site's own (patched) thebe 0.9.3,
 * gives every code cell an output placeholder right under it, and starts one kernel for this tab.
 * Nothing is fetched from outside the site and the local Jupyter server.
 */
(function () {
  "use strict";

  const bar = document.querySelector(".live-code-bar");
  if (!bar) return;

  const root = new URL(document.documentElement.dataset.content_root || "./", document.baseURI);
  const staticUrl = (path) => new URL("_static/" + path, root).href;
  const button = bar.querySelector(".live-code-button");
  const label = bar.querySelector(".live-code-label");
  const statusEl = bar.querySelector(".live-code-status");
  const help = bar.querySelector(".live-code-help");
  const reasonEl = bar.querySelector(".live-code-reason");
  const LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]"];

  let config = null; // {baseUrl, token, ...} from live-code.json
  let unavailable = "Checking for the local Jupyter server...";
  let state = "idle"; // idle -> starting -> connected

  function setStatus(text, kind) {
    statusEl.textContent = text;
    bar.dataset.state = kind || "";
  }

  function showHelp(reason) {
    reasonEl.textContent = reason;
    help.hidden = false;
  }

  function hostOf(url) {
    return new URL(url).host;
  }

  async function loadConfig() {
    if (!LOCAL_HOSTS.includes(location.hostname)) {
      unavailable =
        "This copy of the course is not served from your own computer, so there is no local Jupyter " +
        "server for it to use.";
      return;
    }
    try {
      const response = await fetch(new URL("live-code.json", root), { cache: "no-store" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const data = await response.json();
      if (!data.jupyter) {
        unavailable = data.reason || "The site is served without a Jupyter server.";
        return;
      }
      config = data.jupyter;
    } catch (error) {
      unavailable =
        "This site was not started by the course's serve command (it found no live-code.json: " +
        error.message + "), so no local Jupyter server is known.";
    }
  }

  function describeButton() {
    if (config) {
      label.textContent = `Live Code \u2014 local Jupyter at ${hostOf(config.baseUrl)}`;
      button.title = `Run this page's cells on the Jupyter server at ${config.baseUrl} (started by the serve command)`;
    } else {
      label.textContent = "Live Code \u2014 start the local Jupyter first";
      button.title = unavailable;
    }
  }

  async function checkServer() {
    const url = new URL("api/status", config.baseUrl);
    let response;
    try {
      response = await fetch(url, { headers: { Authorization: `token ${config.token}` }, cache: "no-store" });
    } catch (error) {
      throw new Error(
        `The local Jupyter server at ${hostOf(config.baseUrl)} does not answer. Is the serve command ` +
          "still running? Start it again, then reload this page."
      );
    }
    if (response.status === 403 || response.status === 401) {
      throw new Error(
        "The local Jupyter server refused this page's token: it was restarted since this page was " +
          "loaded. Reload the page."
      );
    }
    if (!response.ok) throw new Error(`The local Jupyter server answered HTTP ${response.status}.`);
  }

  function loadThebe() {
    if (window.thebe && window.thebe.bootstrap) return Promise.resolve();
    // The patched bundle reads these (see THEBE_PATCHES in scripts/vendor_assets.py).
    window.liveCodeAssets = {
      requirejs: staticUrl("vendor/requirejs/require.js"),
      widgetCdn: staticUrl("vendor/cdn/"),
      mathjax: staticUrl("vendor/mathjax/es5/tex-chtml-full.js"),
    };
    window.liveCodeTypeset = typeset;
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = staticUrl("thebe/lib/thebe.css");
    document.head.appendChild(css);
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = staticUrl("thebe/lib/index.js");
      script.onload = () => resolve();
      script.onerror = () =>
        reject(new Error("Could not load thebe from this site (_static/thebe): rebuild the book after `python scripts/vendor_assets.py`."));
      document.head.appendChild(script);
    });
  }

  /* LaTeX outputs (IPython.display.Math, sympy, ...) through the page's own MathJax 3. */
  function typeset(element) {
    const text = (element.textContent || "").trim();
    let match;
    if ((match = text.match(/^\$\$([\s\S]*)\$\$$/))) element.textContent = `\\[${match[1]}\\]`;
    else if ((match = text.match(/^\$([\s\S]*)\$$/))) element.textContent = `\\(${match[1]}\\)`;
    element.classList.add("mathjax_process");
    if (window.MathJax && window.MathJax.typesetPromise) {
      return window.MathJax.typesetPromise([element]).catch((error) => console.warn("Live Code: MathJax", error));
    }
    return Promise.resolve();
  }

  /* Mark inputs and outputs for thebe.  thebe pairs the n-th input with the n-th output on the page,
     so every code cell gets exactly one output element, created empty where the build left none. */
  function prepareCells() {
    const cells = [];
    document.querySelectorAll("div.cell").forEach((cell) => {
      const pre = cell.querySelector(".cell_input pre");
      if (!pre) return; // remove-input cells keep their static output
      let output = Array.from(cell.children).find((child) => child.classList.contains("cell_output"));
      if (!output) {
        output = document.createElement("div");
        output.className = "cell_output docutils container live-code-placeholder";
        cell.appendChild(output);
      }
      cell.querySelectorAll("button.copybtn").forEach((copy) => copy.remove());
      pre.setAttribute("data-executable", "true");
      pre.setAttribute("data-language", "python");
      output.setAttribute("data-output", "");
      cells.push(cell);
    });
    return cells;
  }

  function tabPath() {
    // One kernel per browser tab and page: the session path carries a random id kept for this tab.
    let tab = sessionStorage.getItem("live-code-tab");
    if (!tab) {
      tab = Math.random().toString(36).slice(2, 10);
      sessionStorage.setItem("live-code-tab", tab);
    }
    return bar.dataset.liveCodePath.replace(/(\.[^./]+)?$/, `-live-${tab}.ipynb`);
  }

  function watchKernel(session) {
    const kernel = session.kernel;
    bar.dataset.kernelId = kernel.id;
    const describe = (status) => {
      if (status === "dead") {
        setStatus("The kernel died (out of memory?). Press restart on a cell, or reload the page.", "error");
      } else if (status === "busy") {
        setStatus(`Kernel ${kernel.name} busy (running a cell)...`, "busy");
      } else if (status === "idle" || status === "unknown") {
        setStatus(`Kernel ${kernel.name} ready \u2014 press \u201crun\u201d or Shift+Enter in a cell.`, "idle");
      } else {
        setStatus(`Kernel ${kernel.name} ${status}...`, status);
      }
    };
    kernel.statusChanged.connect((_, status) => describe(status));
    kernel.connectionStatusChanged.connect((_, status) => {
      if (status === "disconnected") {
        setStatus("Lost the local Jupyter server: is the serve command still running? Restart it and reload.", "error");
      }
    });
    describe(kernel.status);
  }

  async function start() {
    if (state !== "idle") return;
    if (!config) {
      showHelp(unavailable);
      setStatus("Not connected.", "error");
      return;
    }
    state = "starting";
    button.disabled = true;
    help.hidden = true;
    try {
      setStatus(`Connecting to the local Jupyter at ${hostOf(config.baseUrl)}...`, "starting");
      await checkServer();
      await loadThebe();
      prepareCells();
      window.thebe.on("error", (_evt, data) => {
        console.warn("Live Code:", data && (data.message || data.status), data);
      });
      setStatus("Starting a kernel for this tab...", "starting");
      const { session } = await window.thebe.bootstrap({
        useBinder: false,
        useJupyterLite: false,
        requestKernel: true,
        mountActivateWidget: false,
        mountStatusWidget: false,
        predefinedOutput: true,
        selector: "[data-executable]",
        outputSelector: "[data-output]",
        mathjaxUrl: window.liveCodeAssets.mathjax,
        serverSettings: {
          baseUrl: config.baseUrl,
          wsUrl: config.baseUrl.replace(/^http/, "ws"),
          token: config.token,
          appendToken: true,
        },
        kernelOptions: { kernelName: bar.dataset.liveCodeKernel || "python3", path: tabPath() },
        codeMirrorConfig: { mode: "python", theme: "default" },
      });
      if (!session) throw new Error("The local Jupyter server did not start a kernel.");
      state = "connected";
      label.textContent = `Live Code \u2014 connected to local Jupyter at ${hostOf(config.baseUrl)}`;
      watchKernel(session);
    } catch (error) {
      state = "idle";
      button.disabled = false;
      const message = error && error.message ? error.message : String(error);
      showHelp(message);
      setStatus("Not connected.", "error");
    }
  }

  button.addEventListener("click", start);
  window.liveCode = { start, get config() { return config; }, get state() { return state; } };
  loadConfig().then(describeButton);
})();
