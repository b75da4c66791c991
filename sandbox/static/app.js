// The sandbox page: a small Slack workspace in the browser, driven by the bot under test.
//
// The server sends one person's whole view (/api/state) and a change stream (/api/events);
// every action goes back as what Slack would send the bot. Rendering is plain DOM, rebuilt on
// each change, except the open modal, which is kept while it is the same view so nobody loses
// what they typed.

import { inputControl, isEmptyValue, renderBlocks } from "./blockkit.js";
import { renderMrkdwn } from "./mrkdwn.js";

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const params = new URLSearchParams(location.search);
const ui = {
  me: params.get("as") || localStorage.getItem("ft-sandbox-as"),
  view: params.get("view"), // a conversation id, or "home"
  thread: null, // ts of the open thread's parent
  seen: new Map(), // "<me>|<conversation>" -> messages seen there
  modalKey: null,
  modalInputs: new Map(),
  stick: { messages: true, "thread-messages": true }, // follow new messages, as Slack does
  // A reload is a new Slack client: modals left open before it are closed, not shown again.
  justOpened: true,
};
let state = null;

// ----------------------------------------------------------------------------- server

async function api(path, body) {
  let data;
  try {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    data = await response.json();
  } catch (error) {
    data = { ok: false, error: `The sandbox did not answer (${error.message}). Is it still running?` };
  }
  if (!data.ok && data.error && !data.errors) toast(data.error, "error");
  return data;
}

let loading = null;
let reloadAgain = false;

async function refresh() {
  if (loading) {
    reloadAgain = true;
    return loading;
  }
  loading = (async () => {
    do {
      reloadAgain = false;
      let fresh = null;
      try {
        const response = await fetch(`/api/state?user=${encodeURIComponent(ui.me ?? "")}`);
        if (response.ok) fresh = await response.json();
      } catch (error) {
        console.warn("could not refresh", error); // the sandbox stopped or restarts: the stream retries
      }
      if (fresh) {
        state = fresh;
        render();
      }
    } while (reloadAgain);
  })();
  try {
    await loading;
  } finally {
    loading = null;
  }
}

function listen() {
  const events = new EventSource("/api/events");
  events.onmessage = () => refresh();
}

// ----------------------------------------------------------------------------- helpers

function me() {
  return state.users[state.me];
}

function conversation(id) {
  return state.conversations.find((c) => c.id === id) ?? null;
}

function dm() {
  return state.conversations.find((c) => c.kind === "im") ?? null;
}

function count(conv) {
  return conv.messages.reduce((total, m) => total + 1 + (m.replies?.length ?? 0), 0);
}

function seenKey(id) {
  return `${state.me}|${id}`;
}

function markSeen(id) {
  const conv = conversation(id);
  if (conv) ui.seen.set(seenKey(id), count(conv));
}

function unread(conv) {
  const key = seenKey(conv.id);
  if (!ui.seen.has(key)) ui.seen.set(key, count(conv));
  return Math.max(0, count(conv) - ui.seen.get(key));
}

function roleOf(user) {
  if (user.ta) return "TA provider";
  if (user.org) return `participant of ${user.org}`;
  return "not in the collaborative";
}

function zone() {
  return me()?.tz || state.collaborative.timezone || undefined;
}

function formatTime(ts, options) {
  const date = new Date(Number(ts) * 1000);
  return new Intl.DateTimeFormat("en-US", { timeZone: zone(), ...options }).format(date);
}

function authorOf(message) {
  if (message.bot_id || message.user === state.bot_user) {
    return { name: "Follow-through", bot: true };
  }
  const user = state.users[message.user];
  return { name: user ? user.real_name : message.user ?? "Someone", bot: false };
}

function initials(name) {
  return name
    .split(/\s+/)
    .map((part) => part[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
}

function conversationLabel(conv) {
  if (conv.kind === "im") return "Follow-through";
  if (conv.kind === "mpim") {
    const names = conv.members
      .filter((id) => id !== state.me && id !== state.bot_user)
      .map((id) => state.users[id]?.name ?? id);
    return names.join(", ");
  }
  return conv.name;
}

function renderContext(extra) {
  return { users: state.users, channels: state.channels, me: state.me, ...extra };
}

// ----------------------------------------------------------------------------- toasts

function toast(text, kind = "info") {
  const node = el("div", `toast toast-${kind}`);
  node.setAttribute("role", kind === "error" ? "alert" : "status");
  node.append(el("span", "", text));
  const close = el("button", "toast-close", "×");
  close.setAttribute("aria-label", "Dismiss");
  close.addEventListener("click", () => node.remove());
  node.append(close);
  $("toasts").append(node);
  setTimeout(() => node.remove(), kind === "error" ? 12000 : 7000);
}

// ----------------------------------------------------------------------------- top bar

function renderTopbar() {
  const info = state.collaborative;
  $("workspace-name").textContent = info.name;
  document.title = `${info.name} · Follow-through sandbox`;
  const now = new Date(state.clock.now);
  $("clock-now").textContent = new Intl.DateTimeFormat("en-US", {
    timeZone: info.timezone || undefined,
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(now);
  const ahead = state.clock.offset_seconds;
  const days = Math.floor(ahead / 86400);
  const hours = Math.round((ahead % 86400) / 3600);
  $("clock-offset").textContent = ahead > 60 ? `+${days ? `${days} d ` : ""}${hours} h` : "real time";
  $("clock-offset").title = "How far the sandbox clock is ahead of the real one";
  $("ff-digest").textContent = info.digest_label || "Next digest";
  renderSwitcher();
}

function renderSwitcher() {
  const select = $("as");
  const humans = Object.values(state.users).filter((u) => !u.bot);
  const groups = new Map([["TA team", []]]);
  for (const user of humans) {
    const group = user.ta ? "TA team" : user.org ?? "Not in the collaborative";
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push(user);
  }
  select.replaceChildren();
  for (const [label, users] of groups) {
    if (!users.length) continue;
    const optgroup = el("optgroup");
    optgroup.label = label;
    for (const user of users) {
      const option = el("option", "", `${user.real_name} (${roleOf(user)})`);
      option.value = user.id;
      option.selected = user.id === state.me;
      optgroup.append(option);
    }
    select.append(optgroup);
  }
}

// ----------------------------------------------------------------------------- sidebar

function sidebarItem(label, id, { icon, badge, extra } = {}) {
  const item = el("li");
  const link = el("button", "side-item");
  link.type = "button";
  link.dataset.view = id;
  if (ui.view === id) link.classList.add("active");
  link.append(el("span", "side-icon", icon ?? "#"), el("span", "side-label", label));
  if (extra) link.append(el("span", "side-tag", extra));
  if (badge) {
    link.classList.add("unread");
    link.append(el("span", "side-badge", String(badge)));
  }
  link.addEventListener("click", () => openView(id));
  item.append(link);
  return item;
}

function channelOrder(conv) {
  const info = state.collaborative;
  if (conv.id === info.digest_channel) return 0;
  if (conv.id === info.ta_channel) return 1;
  if (conv.name === "general") return 2;
  return 3;
}

function renderSidebar() {
  const info = state.collaborative;
  const channels = state.conversations
    .filter((c) => c.kind === "channel" || c.kind === "private")
    .sort((a, b) => channelOrder(a) - channelOrder(b) || a.name.localeCompare(b.name));
  $("channels").replaceChildren(
    ...channels.map((c) =>
      sidebarItem(c.name, c.id, {
        icon: c.kind === "private" ? "🔒" : "#",
        badge: ui.view === c.id ? 0 : unread(c),
        extra: c.id === info.digest_channel ? "digest" : c.id === info.ta_channel ? "TA" : undefined,
      }),
    ),
  );
  const direct = dm();
  const apps = [sidebarItem("Home", "home", { icon: "🏠" })];
  if (direct) {
    apps.push(
      sidebarItem("Follow-through", direct.id, {
        icon: "✅",
        badge: ui.view === direct.id ? 0 : unread(direct),
        extra: "DM",
      }),
    );
  }
  $("apps").replaceChildren(...apps);
  const groups = state.conversations.filter((c) => c.kind === "mpim");
  $("groups-title").hidden = groups.length === 0;
  $("groups").replaceChildren(
    ...groups.map((c) =>
      sidebarItem(conversationLabel(c), c.id, { icon: "👥", badge: ui.view === c.id ? 0 : unread(c) }),
    ),
  );
  const user = me();
  $("me-name").textContent = user.real_name;
  $("me-role").textContent = roleOf(user);
}

// ----------------------------------------------------------------------------- messages

function reactionsOf(message) {
  const row = el("div", "reactions");
  for (const reaction of message.reactions ?? []) {
    const chip = renderMrkdwn(`:${reaction.name}: ${reaction.count}`, renderContext());
    chip.className = "reaction";
    chip.title = `reacted with :${reaction.name}:`;
    row.append(chip);
  }
  return row;
}

function filesOf(message) {
  const row = el("div", "files");
  for (const file of message.files ?? []) {
    if (file.mimetype?.startsWith("image/")) {
      const image = el("img", "file-image");
      image.src = `/api/file/${encodeURIComponent(file.id)}`;
      image.alt = file.alt_txt || file.title || file.name;
      row.append(image);
    }
    const link = el("a", "file", `📎 ${file.title || file.name}`);
    link.href = `/api/file/${encodeURIComponent(file.id)}`;
    link.setAttribute("download", file.name);
    row.append(link);
  }
  return row;
}

function messageNode(message, conv, { inThread = false } = {}) {
  const author = authorOf(message);
  const node = el("div", "msg");
  node.dataset.ts = message.ts;
  if (message.ephemeral) node.classList.add("ephemeral");
  const avatar = el("div", author.bot ? "avatar avatar-bot" : "avatar", author.bot ? "✓" : initials(author.name));
  const body = el("div", "msg-body");
  const meta = el("div", "msg-meta");
  meta.append(el("span", "msg-author", author.name));
  if (author.bot) meta.append(el("span", "app-badge", "APP"));
  meta.append(el("span", "msg-time", formatTime(message.ts, { hour: "numeric", minute: "2-digit" })));
  body.append(meta);
  if (message.ephemeral) body.append(el("div", "only-you", "👁 Only visible to you"));
  const onAction = (element, block) =>
    api("/api/click", {
      user: state.me,
      where: "message",
      channel: conv.id,
      ts: message.ts,
      action_id: element.action_id,
      value: element.value ?? null,
      block_id: block.block_id ?? null,
    });
  const content = message.blocks?.length
    ? renderBlocks(message.blocks, renderContext({ onAction }))
    : renderMrkdwn(message.text, renderContext());
  content.classList.add("msg-content");
  body.append(content);
  if (message.edited) body.append(el("span", "edited", "(edited)"));
  if (message.files?.length) body.append(filesOf(message));
  if (message.reactions?.length) body.append(reactionsOf(message));
  if (!inThread && !message.ephemeral) {
    const replies = message.replies ?? [];
    if (replies.length) {
      const link = el("button", "replies-link", `${replies.length} ${replies.length === 1 ? "reply" : "replies"}`);
      link.type = "button";
      link.addEventListener("click", () => openThread(message.ts));
      body.append(link);
    }
    const hover = el("div", "msg-actions");
    const reply = el("button", "msg-action", "💬 Reply in thread");
    reply.type = "button";
    reply.addEventListener("click", () => openThread(message.ts));
    hover.append(reply);
    node.append(hover);
  }
  node.append(avatar, body);
  return node;
}

function messageList(conv) {
  const fragment = document.createDocumentFragment();
  let day = null;
  for (const message of conv.messages) {
    const thisDay = formatTime(message.ts, { weekday: "long", month: "long", day: "numeric" });
    if (thisDay !== day) {
      day = thisDay;
      const divider = el("div", "day-divider");
      divider.append(el("span", "", thisDay));
      fragment.append(divider);
    }
    fragment.append(messageNode(message, conv));
  }
  return fragment;
}

function intro(conv) {
  const node = el("div", "conv-intro");
  if (conv.kind === "im") {
    node.append(el("h2", "", "Follow-through"));
    node.append(
      renderMrkdwn(
        "This is your direct message with the bot: nudges and replies land here.\nTry `/plan help`, `/plan list` or `/plan add Call the clinic due friday`.",
        renderContext(),
      ),
    );
  } else {
    node.append(el("h2", "", `${conv.kind === "private" ? "🔒" : "#"} ${conv.name}`));
    node.append(el("p", "", "Nothing here yet."));
  }
  return node;
}

// ----------------------------------------------------------------------------- main pane

function isNearBottom(node) {
  return node.scrollHeight - node.scrollTop - node.clientHeight < 80;
}

// Keep a list at its bottom while the person hasn't scrolled up (layout changes included).
function followBottom(id) {
  const list = $(id);
  if (ui.stick[id]) list.scrollTop = list.scrollHeight;
}

let shownView = null;

function renderMain() {
  const info = state.collaborative;
  const direct = dm();
  if (ui.view !== "home" && !conversation(ui.view)) ui.view = direct?.id ?? state.conversations[0]?.id;
  const isApp = ui.view === "home" || ui.view === direct?.id;
  $("app-tabs").hidden = !isApp;
  $("tab-home").classList.toggle("active", ui.view === "home");
  $("tab-messages").classList.toggle("active", ui.view !== "home");
  const list = $("messages");
  const home = $("home");
  if (ui.view === "home") {
    $("conv-title").textContent = "Follow-through";
    $("conv-sub").textContent = "Home";
    list.hidden = true;
    $("composer").hidden = true;
    home.hidden = false;
    home.replaceChildren(homeContent());
    shownView = "home";
    return;
  }
  const conv = conversation(ui.view);
  home.hidden = true;
  list.hidden = false;
  $("composer").hidden = false;
  $("conv-title").textContent =
    conv.kind === "im" ? "Follow-through" : conv.kind === "mpim" ? conversationLabel(conv) : `${conv.kind === "private" ? "🔒" : "#"} ${conv.name}`;
  const members = conv.members.filter((id) => !state.users[id]?.bot).length;
  let sub = `${members} member${members === 1 ? "" : "s"}`;
  if (conv.id === info.digest_channel) sub = `The collaborative's shared channel: the weekly digest is posted here · ${sub}`;
  if (conv.id === info.ta_channel) sub = `TA team: questions and help requests arrive here · ${sub}`;
  if (conv.kind === "im") sub = "App · your direct messages with the bot";
  $("conv-sub").textContent = sub;
  $("message-box").placeholder = conv.kind === "im" ? "Message Follow-through" : `Message ${conv.kind === "mpim" ? conversationLabel(conv) : `#${conv.name}`}`;
  const stick = shownView !== conv.id || ui.stick.messages;
  const scroll = list.scrollTop;
  list.replaceChildren(conv.messages.length ? messageList(conv) : intro(conv));
  list.scrollTop = stick ? list.scrollHeight : scroll;
  shownView = conv.id;
  markSeen(conv.id);
}

function homeContent() {
  const view = state.home;
  if (!view) {
    const empty = el("div", "conv-intro");
    empty.append(el("h2", "", "Home"));
    empty.append(el("p", "", "The bot has not published a Home tab for you yet. Opening this tab sends it app_home_opened, as Slack does."));
    return empty;
  }
  const onAction = (element) =>
    api("/api/click", { user: state.me, where: "home", action_id: element.action_id, value: element.value ?? null });
  const blocks = renderBlocks(view.blocks, renderContext({ onAction }));
  blocks.classList.add("home-blocks");
  return blocks;
}

function openView(id) {
  if (!loaded()) return;
  ui.view = id;
  ui.thread = null;
  const url = new URL(location.href);
  url.searchParams.set("view", id);
  history.replaceState(null, "", url);
  // Slack tells the app whenever someone opens its Home or Messages tab.
  if (id === "home") api("/api/home", { user: state.me, tab: "home" });
  else if (id === dm()?.id) api("/api/home", { user: state.me, tab: "messages" });
  render();
}

// ----------------------------------------------------------------------------- threads

function openThread(ts) {
  ui.thread = ts;
  ui.stick["thread-messages"] = true;
  renderThread();
  followBottom("messages");
  $("thread-box").focus();
}

function renderThread() {
  const pane = $("thread");
  const conv = ui.view !== "home" ? conversation(ui.view) : null;
  const parent = conv?.messages.find((m) => m.ts === ui.thread);
  if (!parent) {
    pane.hidden = true;
    ui.thread = null;
    return;
  }
  pane.hidden = false;
  $("thread-where").textContent = conv.kind === "im" ? "Follow-through" : `#${conversationLabel(conv)}`;
  const list = $("thread-messages");
  const stick = ui.stick["thread-messages"];
  const fragment = document.createDocumentFragment();
  fragment.append(messageNode(parent, conv, { inThread: true }));
  const replies = parent.replies ?? [];
  const divider = el("div", "thread-count", `${replies.length} ${replies.length === 1 ? "reply" : "replies"}`);
  fragment.append(divider);
  for (const reply of replies) fragment.append(messageNode(reply, conv, { inThread: true }));
  list.replaceChildren(fragment);
  if (stick) list.scrollTop = list.scrollHeight;
}

// ----------------------------------------------------------------------------- modals

function renderInput(block) {
  const node = el("div", "bk-input-block");
  const element = block.element ?? {};
  const id = `input-${block.block_id}`;
  const label = el("label", "bk-label", block.label?.text ?? "");
  label.htmlFor = id;
  if (block.optional) label.append(el("span", "bk-optional", " (optional)"));
  const { control, read } = inputControl(element, renderContext());
  control.id = id;
  node.append(label, control);
  if (block.hint) node.append(el("div", "bk-hint", block.hint.text));
  const error = el("div", "bk-error");
  error.setAttribute("role", "alert");
  node.append(error);
  ui.modalInputs.set(block.block_id, { actionId: element.action_id, read, error, optional: !!block.optional });
  return node;
}

function showErrors(errors) {
  for (const [blockId, input] of ui.modalInputs) {
    input.error.textContent = errors[blockId] ?? "";
  }
}

async function submitModal(view) {
  const values = {};
  const missing = {};
  for (const [blockId, input] of ui.modalInputs) {
    const value = input.read();
    values[blockId] = { [input.actionId]: value };
    if (!input.optional && isEmptyValue(value)) missing[blockId] = "Please complete this required field.";
  }
  showErrors(missing);
  if (Object.keys(missing).length) return;
  const answer = await api("/api/submit", { user: state.me, view_id: view.id, values });
  if (answer.errors) showErrors(answer.errors);
}

function renderModal() {
  const layer = $("modal-layer");
  const view = state.modals[state.modals.length - 1];
  if (!view) {
    layer.hidden = true;
    layer.replaceChildren();
    ui.modalKey = null;
    return;
  }
  const key = `${view.id}|${view.hash ?? ""}`;
  if (key === ui.modalKey) return;
  ui.modalKey = key;
  ui.modalInputs = new Map();
  const dialog = el("form", "modal");
  dialog.setAttribute("role", "dialog");
  dialog.setAttribute("aria-label", view.title?.text ?? "Modal");
  const header = el("header", "modal-header");
  header.append(el("h2", "", view.title?.text ?? ""));
  const x = el("button", "modal-x", "×");
  x.type = "button";
  x.setAttribute("aria-label", "Close");
  header.append(x);
  const onAction = (element) =>
    api("/api/click", { user: state.me, where: "modal", view_id: view.id, action_id: element.action_id, value: element.value ?? null });
  const body = renderBlocks(view.blocks, renderContext({ onAction, renderInput }));
  body.classList.add("modal-body");
  const footer = el("footer", "modal-footer");
  const cancel = el("button", "bk-btn", view.close?.text ?? "Cancel");
  cancel.type = "button";
  footer.append(cancel);
  if (view.submit) {
    const submit = el("button", "bk-btn bk-primary", view.submit.text);
    submit.type = "submit";
    footer.append(submit);
  }
  const closeModal = () => api("/api/close", { user: state.me, view_id: view.id });
  x.addEventListener("click", closeModal);
  cancel.addEventListener("click", closeModal);
  dialog.addEventListener("submit", (event) => {
    event.preventDefault();
    submitModal(view);
  });
  dialog.append(header, body, footer);
  layer.replaceChildren(dialog);
  layer.hidden = false;
  dialog.querySelector("input, textarea, select")?.focus();
}

// ----------------------------------------------------------------------------- render

/** Close what this person had open before the page (re)loaded, as Slack's client does. */
function closeLeftoverModals() {
  ui.justOpened = false;
  const leftovers = [...state.modals].reverse();
  state.modals = [];
  for (const view of leftovers) api("/api/close", { user: state.me, view_id: view.id });
}

function render() {
  if (!state.me) return;
  if (ui.justOpened) closeLeftoverModals();
  if (ui.me !== state.me) {
    ui.me = state.me;
  }
  localStorage.setItem("ft-sandbox-as", state.me);
  renderTopbar();
  renderMain();
  renderSidebar();
  renderThread();
  renderModal();
}

// ----------------------------------------------------------------------------- actions

/** False, with a word to the person, until the first state has arrived from the sandbox. */
function loaded() {
  if (state?.me) return true;
  toast("The sandbox is still loading; try again in a moment.");
  return false;
}

async function sendFrom(box, threadTs) {
  const text = box.value.trim();
  if (!text || ui.view === "home" || !loaded()) return;
  box.disabled = true;
  const answer = await api("/api/send", { user: state.me, channel: ui.view, text, thread_ts: threadTs ?? null });
  box.disabled = false;
  if (answer.ok || answer.error?.startsWith("The bot")) box.value = "";
  box.focus();
}

function wireComposer(form, box, threadTs) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    sendFrom(box, threadTs());
  });
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendFrom(box, threadTs());
    }
  });
}

function describeJump(report) {
  const when = new Intl.DateTimeFormat("en-US", {
    timeZone: state.collaborative.timezone || undefined,
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  }).format(new Date(report.now));
  const parts = [`Clock moved to ${when}.`];
  if (report.nudges_sent) parts.push(`${report.nudges_sent} nudge${report.nudges_sent === 1 ? "" : "s"} sent.`);
  if (report.nudges_failed) parts.push(`${report.nudges_failed} failed.`);
  if (report.digests_posted) parts.push("Digest posted to the shared channel.");
  if (!report.nudges_sent && !report.digests_posted && !report.error) parts.push("Nothing was due then.");
  return parts.join(" ");
}

async function fastForward(target) {
  if (!loaded()) return;
  const buttons = document.querySelectorAll(".clock button");
  buttons.forEach((b) => (b.disabled = true));
  const report = await api("/api/clock", { target });
  buttons.forEach((b) => (b.disabled = false));
  if (report.now) toast(describeJump(report), report.error ? "error" : "info");
  if (report.error) toast(`A job failed: ${report.error}`, "error");
  await refresh();
}

function wire() {
  wireComposer($("composer"), $("message-box"), () => null);
  wireComposer($("thread-composer"), $("thread-box"), () => ui.thread);
  $("thread-close").addEventListener("click", () => {
    ui.thread = null;
    renderThread();
    followBottom("messages");
  });
  for (const id of ["messages", "thread-messages"]) {
    const list = $(id);
    list.addEventListener("scroll", () => (ui.stick[id] = isNearBottom(list)));
    new ResizeObserver(() => followBottom(id)).observe(list);
  }
  $("tab-home").addEventListener("click", () => openView("home"));
  $("tab-messages").addEventListener("click", () => loaded() && openView(dm().id));
  $("as").addEventListener("change", (event) => {
    ui.me = event.target.value;
    ui.view = null;
    ui.thread = null;
    const url = new URL(location.href);
    url.searchParams.set("as", ui.me);
    url.searchParams.delete("view");
    history.replaceState(null, "", url);
    refresh();
  });
  $("ff-day").addEventListener("click", () => fastForward("day"));
  $("ff-session").addEventListener("click", () => fastForward("session"));
  $("ff-digest").addEventListener("click", () => fastForward("digest"));
  $("reset").addEventListener("click", async () => {
    if (!window.confirm("Start over? The demo collaborative is seeded again and the clock goes back to now.")) return;
    const answer = await api("/api/reset", {});
    if (answer.ok) {
      ui.seen.clear();
      ui.view = null;
      ui.thread = null;
      toast("A fresh demo collaborative is ready.");
      await refresh();
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !$("modal-layer").hidden) {
      document.querySelector(".modal-x")?.click();
    }
  });
}

wire();
listen();
refresh().then(() => {
  if (ui.view === "home" && state?.me) api("/api/home", { user: state.me, tab: "home" });
});
