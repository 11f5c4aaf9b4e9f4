// The sandbox page: simulated users chatting with the real bot, and the time-travel controls.
// State comes from /api/state and /api/chats/<id>/messages; changes arrive through the
// /api/events long poll (the emulator's activity log plus the sandbox clock's version).

import { messageNode } from "./render.js";

const $ = (id) => document.getElementById(id);
const SLOT_LABELS = {
  morning: { icon: "☀️", short: "Morning", label: "Next morning check-in" },
  evening: { icon: "🌙", short: "Evening", label: "Next evening check-in" },
  weekly: { icon: "📊", short: "Weekly summary", label: "Next weekly summary" },
};
const AVATAR_COLOURS = ["#e17076", "#7bc862", "#65aadd", "#a695e7", "#ee7aae", "#6ec9cb", "#faa774"];
const TYPING_MS = 5000;
const PRESS_TIMEOUT_MS = 15000;

const state = {
  users: [],
  currentUserId: null,
  chats: new Map(), // user id -> Map(message id -> message)
  unread: new Map(),
  seq: 0,
  clock: { epochMs: Date.now(), version: -1, at: performance.now() },
  commands: [],
  places: [],
  maxDays: 60,
  travelling: false,
  typingUntil: 0,
};

// ---------------------------------------------------------------- talking to the sandbox

async function api(path, body) {
  const options = body === undefined
    ? {}
    : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
  const response = await fetch(path, options);
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    throw new Error(`${response.status} ${response.statusText}`);
  }
  if (!payload.ok) throw new Error(payload.error || `${response.status}`);
  return payload.result;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- time

function syncClock(clock) {
  state.clock = { epochMs: clock.epoch_ms, version: clock.version, at: performance.now() };
  renderClock();
}

function simulatedNow() {
  return new Date(state.clock.epochMs + (performance.now() - state.clock.at));
}

function currentUser() {
  return state.users.find((user) => user.id === state.currentUserId) || null;
}

function displayZone() {
  const user = currentUser();
  return (user && user.timezone) || "UTC";
}

function formatIn(date, options, zone = displayZone()) {
  try {
    return new Intl.DateTimeFormat("en-GB", { timeZone: zone, ...options }).format(date);
  } catch {
    // A zone newer than the browser's time-zone data: show UTC rather than nothing.
    return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", ...options }).format(date);
  }
}

const formatTime = (date, zone = displayZone()) =>
  formatIn(date, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }, zone);
const formatDay = (date) => formatIn(date, { weekday: "long", day: "numeric", month: "long" });

function renderClock() {
  const now = simulatedNow();
  const zone = displayZone();
  $("sim-date").textContent = formatIn(now, { weekday: "short", day: "numeric", month: "short", year: "numeric" }, zone);
  $("sim-date").dateTime = now.toISOString();
  $("sim-time").textContent = formatIn(now, { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }, zone);
  const offset = formatIn(now, { timeZoneName: "shortOffset" }, zone).split(" ").pop();
  const user = currentUser();
  $("sim-zone").textContent = user && user.timezone
    ? `${user.first_name}'s time · ${zone} (${offset})`
    : `UTC · ${user ? user.first_name : "no one"} has no time zone yet`;
  $("sim-zone").title = $("sim-zone").textContent; // the whole label when it is cut short
  const typing = performance.now() < state.typingUntil;
  $("chat-status").textContent = typing ? "typing…" : "bot";
  $("chat-status").classList.toggle("typing", typing);
}

// ---------------------------------------------------------------- toasts and dialogs

let toastTimer = null;
function toast(text, ms = 2600) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, ms);
}

function alertDialog(text) {
  $("alert-text").textContent = text;
  $("alert-dialog").showModal();
}

function openPhoto(url) {
  $("lightbox-image").src = url;
  $("lightbox-download").href = `${url}?download=1`;
  $("lightbox").showModal();
}

// ---------------------------------------------------------------- users

function chatOf(userId) {
  if (!state.chats.has(userId)) state.chats.set(userId, new Map());
  return state.chats.get(userId);
}

function sortedMessages(userId) {
  return [...chatOf(userId).values()].sort((a, b) => a.message_id - b.message_id);
}

function avatar(user, extraClass = "") {
  const node = document.createElement("div");
  node.className = `avatar ${extraClass}`;
  node.style.background = AVATAR_COLOURS[user.id % AVATAR_COLOURS.length];
  node.textContent = user.first_name[0];
  node.setAttribute("aria-hidden", "true");
  return node;
}

function preview(userId) {
  const messages = sortedMessages(userId).filter((m) => !m.deleted);
  const last = messages[messages.length - 1];
  if (!last) return { text: "Hasn't started the bot yet", time: "" };
  let text = last.text ?? last.caption ?? "";
  if (!text) text = last.photo ? "🖼 Photo" : last.document ? "📄 File" : last.location ? "📍 Location" : `[${last.kind}]`;
  // In that user's own time zone: a preview reads like their phone would show it.
  const user = state.users.find((candidate) => candidate.id === userId);
  const time = formatTime(new Date(last.date * 1000), (user && user.timezone) || "UTC");
  return { text: (last.from_bot ? "" : "You: ") + text.split("\n")[0], time };
}

function renderUsers() {
  const list = $("chat-list");
  list.replaceChildren();
  for (const user of state.users) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "chat-item";
    button.dataset.userId = String(user.id);
    button.setAttribute("aria-current", user.id === state.currentUserId ? "true" : "false");
    const info = document.createElement("div");
    info.className = "chat-item-info";
    const top = document.createElement("div");
    top.className = "chat-item-top";
    const name = document.createElement("span");
    name.className = "chat-item-name";
    const lastName = document.createElement("span");
    lastName.className = "last-name";
    lastName.textContent = ` ${user.last_name}`;
    name.append(document.createTextNode(user.first_name), lastName);
    const { text, time } = preview(user.id);
    const when = document.createElement("span");
    when.className = "chat-item-time";
    when.textContent = time;
    top.append(name, when);
    const bottom = document.createElement("div");
    bottom.className = "chat-item-bottom";
    const snippet = document.createElement("span");
    snippet.className = "chat-item-preview";
    snippet.textContent = text;
    bottom.append(snippet);
    const unread = state.unread.get(user.id) || 0;
    button.setAttribute(
      "aria-label",
      `${user.first_name} ${user.last_name}${unread ? `, ${unread} unread` : ""}: ${text}`,
    );
    if (unread > 0) {
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = String(unread);
      badge.setAttribute("aria-label", `${unread} unread`);
      bottom.append(badge);
    }
    const zone = document.createElement("div");
    zone.className = "chat-item-zone";
    zone.textContent = user.timezone ? `🌍 ${user.timezone}` : "🌍 time zone not set";
    info.append(top, bottom, zone);
    button.append(avatar(user), info);
    button.addEventListener("click", () => switchUser(user.id));
    item.append(button);
    list.append(item);
  }
}

function switchUser(userId) {
  state.currentUserId = userId;
  state.unread.set(userId, 0);
  history.replaceState(null, "", `#user-${userId}`);
  const user = currentUser();
  const as = $("chat-as");
  as.replaceChildren(avatar(user, "small"), document.createTextNode(`chatting as ${user.first_name}`));
  renderUsers();
  renderChat();
  renderJumps();
  renderClock();
  refreshUser(userId);
  $("message-input").focus({ preventScroll: true });
}

async function refreshUser(userId) {
  try {
    const fresh = await api(`/api/users/${userId}`);
    const index = state.users.findIndex((user) => user.id === userId);
    const zoneBefore = index >= 0 ? state.users[index].timezone : null;
    if (index >= 0) state.users[index] = fresh;
    renderUsers();
    if (userId === state.currentUserId && index >= 0 && zoneBefore !== fresh.timezone) {
      // Every time and day on the page follows the user's zone: messages sent before it was
      // set (shown in UTC) are redrawn in it at once, not after a reload.
      renderChat({ keepScroll: true });
    }
    if (userId === state.currentUserId) {
      renderJumps();
      renderClock();
    }
  } catch (error) {
    console.warn("refreshing the user failed", error);
  }
}

let refreshTimer = null;
const usersToRefresh = new Set();
/** Re-read users' time zones and schedules shortly, once a burst of events has passed. */
function refreshUsersSoon(userIds) {
  for (const userId of userIds) usersToRefresh.add(userId);
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    const userIds = [...usersToRefresh];
    usersToRefresh.clear();
    for (const userId of userIds) refreshUser(userId);
  }, 250);
}

// ---------------------------------------------------------------- the chat

const actions = {
  sendText: (text) => sendText(text),
  press: (message, data, key) => press(message, data, key),
  openPhoto,
  formatTime: (date) => formatTime(date),
  placeName(latitude, longitude) {
    const place = state.places.find(
      (p) => Math.abs(p.latitude - latitude) < 0.01 && Math.abs(p.longitude - longitude) < 0.01,
    );
    return place ? `${place.flag} ${place.name}` : null;
  },
};

function daySeparator(date) {
  const node = document.createElement("div");
  node.className = "day-separator";
  const label = document.createElement("span");
  label.textContent = formatDay(date);
  node.append(label);
  node.dataset.day = label.textContent;
  return node;
}

function nearBottom(box) {
  return box.scrollHeight - box.scrollTop - box.clientHeight < 120;
}

function scrollToBottom(box) {
  box.scrollTop = box.scrollHeight;
}

function introCard() {
  const card = document.createElement("div");
  card.className = "intro";
  const title = document.createElement("h3");
  title.textContent = "What can this bot do?";
  const text = document.createElement("p");
  text.textContent =
    "Gut Check checks in with you each morning and evening at your local times: sleep, " +
    "probiotics, vitamins C and D, allergen exposure. Press START to set it up.";
  const sandboxText = document.createElement("p");
  sandboxText.className = "intro-note";
  sandboxText.textContent =
    "This is the sandbox: the real bot with simulated users and a clock you can move forward " +
    "with the buttons at the top.";
  card.append(title, text, sandboxText);
  return card;
}

function renderChat({ keepScroll = false } = {}) {
  const box = $("messages");
  const stayAt = keepScroll && !nearBottom(box) ? box.scrollTop : null;
  box.replaceChildren();
  const messages = sortedMessages(state.currentUserId).filter((m) => !m.deleted);
  let lastDay = null;
  for (const message of messages) {
    const date = new Date(message.date * 1000);
    const day = formatDay(date);
    if (day !== lastDay) box.append(daySeparator(date));
    lastDay = day;
    box.append(messageNode(message, actions));
  }
  if (messages.length === 0) box.append(introCard());
  $("start-bar").hidden = messages.length > 0;
  $("composer").hidden = messages.length === 0;
  renderReplyKeyboard();
  if (stayAt === null) scrollToBottom(box);
  else box.scrollTop = stayAt;
}

/** Add or update one message of the current chat without redrawing the others. */
function showMessage(message) {
  const box = $("messages");
  const stick = nearBottom(box) || !message.from_bot;
  const existing = box.querySelector(`[data-message-id="${message.message_id}"]`);
  const rendered = [...box.querySelectorAll("[data-message-id]")];
  const lastId = rendered.length ? Number(rendered[rendered.length - 1].dataset.messageId) : 0;
  if (message.deleted) {
    if (existing) existing.remove();
  } else if (existing) {
    existing.replaceWith(messageNode(message, actions));
  } else if (message.message_id > lastId && rendered.length > 0) {
    const date = new Date(message.date * 1000);
    const separators = box.querySelectorAll(".day-separator");
    const lastDay = separators.length ? separators[separators.length - 1].dataset.day : null;
    if (formatDay(date) !== lastDay) box.append(daySeparator(date));
    box.append(messageNode(message, actions));
  } else {
    renderChat();
    return;
  }
  renderReplyKeyboard();
  if (stick) scrollToBottom(box);
}

// ---------------------------------------------------------------- reply keyboard

// The one-time keyboard the user opened again with ⌨️ (by the id of the message carrying it).
let reopenedKeyboard = null;

/** The reply keyboard in force: the latest one the bot sent, unless removed since. */
function activeReplyKeyboard() {
  let active = null;
  for (const message of sortedMessages(state.currentUserId)) {
    const markup = message.reply_markup;
    if (message.from_bot && markup && Array.isArray(markup.keyboard)) {
      active = { markup, messageId: message.message_id, usedAfter: false };
    } else if (message.from_bot && markup && markup.remove_keyboard) {
      active = null;
    } else if (!message.from_bot && active) {
      active.usedAfter = true;
    }
  }
  return active;
}

function renderReplyKeyboard() {
  const panel = $("reply-keyboard");
  const active = activeReplyKeyboard();
  const toggle = $("keyboard-toggle");
  panel.replaceChildren();
  if (!active) {
    panel.hidden = true;
    toggle.hidden = true;
    return;
  }
  // A one-time keyboard folds away once used; the ⌨️ button brings it back, as in Telegram.
  const folded =
    Boolean(active.markup.one_time_keyboard) && active.usedAfter && reopenedKeyboard !== active.messageId;
  panel.hidden = folded;
  toggle.hidden = !folded;
  for (const row of active.markup.keyboard) {
    const line = document.createElement("div");
    line.className = "reply-row";
    for (const button of row) {
      const spec = typeof button === "string" ? { text: button } : button;
      const key = document.createElement("button");
      key.type = "button";
      key.className = "reply-button";
      key.textContent = spec.text;
      if (spec.request_location) {
        key.addEventListener("click", () => openPlacePicker());
      } else if (spec.request_contact || spec.request_poll || spec.request_users || spec.request_chat || spec.web_app) {
        key.disabled = true;
        key.title = "Not available in the sandbox";
      } else {
        key.addEventListener("click", () => sendText(spec.text));
      }
      line.append(key);
    }
    panel.append(line);
  }
}

// ---------------------------------------------------------------- acting as the user

async function sendText(text) {
  const trimmed = text.trim();
  if (!trimmed) return;
  reopenedKeyboard = null;
  hideCommandMenu();
  try {
    await api("/api/message", { user_id: state.currentUserId, text: trimmed });
  } catch (error) {
    toast(`Could not send: ${error.message}`);
  }
}

async function press(message, data, key) {
  key.classList.add("pending");
  key.setAttribute("aria-busy", "true");
  setTimeout(() => key.classList.remove("pending"), PRESS_TIMEOUT_MS);
  try {
    await api("/api/press", { user_id: state.currentUserId, message_id: message.message_id, data });
  } catch (error) {
    key.classList.remove("pending");
    toast(`That button no longer works: ${error.message}`);
  }
}

async function shareLocation(latitude, longitude) {
  reopenedKeyboard = null;
  await api("/api/location", { user_id: state.currentUserId, latitude, longitude });
}

function openPlacePicker() {
  const list = $("place-list");
  list.replaceChildren();
  for (const place of state.places) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "place";
    button.dataset.place = place.name;
    const flag = document.createElement("span");
    flag.className = "place-flag";
    flag.textContent = place.flag;
    flag.setAttribute("aria-hidden", "true");
    const name = document.createElement("span");
    name.className = "place-name";
    name.textContent = `${place.name}, ${place.country}`;
    const coordinates = document.createElement("span");
    coordinates.className = "place-coordinates";
    coordinates.textContent = `${place.latitude.toFixed(2)}, ${place.longitude.toFixed(2)}`;
    button.append(flag, name, coordinates);
    button.addEventListener("click", async () => {
      $("place-dialog").close();
      await shareLocation(place.latitude, place.longitude).catch((e) => toast(e.message));
    });
    item.append(button);
    list.append(item);
  }
  $("place-error").textContent = "";
  $("place-dialog").showModal();
}

async function shareCustomPlace() {
  const latitude = Number.parseFloat($("custom-lat").value);
  const longitude = Number.parseFloat($("custom-lon").value);
  if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
    $("place-error").textContent = "Latitude goes from -90 to 90, longitude from -180 to 180.";
    return;
  }
  $("place-dialog").close();
  await shareLocation(latitude, longitude).catch((e) => toast(e.message));
}

// ---------------------------------------------------------------- the command menu

function renderCommands(filter = "") {
  const list = $("command-list");
  list.replaceChildren();
  const wanted = filter.replace(/^\//, "").toLowerCase();
  const matching = state.commands.filter((c) => c.command.startsWith(wanted));
  for (const command of matching) {
    const item = document.createElement("li");
    item.setAttribute("role", "option");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "command";
    const name = document.createElement("span");
    name.className = "command-name";
    name.textContent = `/${command.command}`;
    const description = document.createElement("span");
    description.className = "command-description";
    description.textContent = command.description;
    button.append(name, description);
    button.addEventListener("click", () => {
      $("message-input").value = "";
      sendText(`/${command.command}`);
    });
    item.append(button);
    list.append(item);
  }
  return matching.length;
}

function showCommandMenu(filter = "") {
  const count = renderCommands(filter);
  $("command-menu").hidden = count === 0;
  $("menu-button").setAttribute("aria-expanded", String(count > 0));
}

function hideCommandMenu() {
  $("command-menu").hidden = true;
  $("menu-button").setAttribute("aria-expanded", "false");
}

function renderMenuButton() {
  $("menu-button").hidden = state.commands.length === 0;
}

// ---------------------------------------------------------------- time travel

function describeDue(iso) {
  const due = new Date(iso);
  const zone = displayZone();
  return `${formatIn(due, { weekday: "short", day: "numeric", month: "short" })}, ${formatTime(due)} (${zone})`;
}

function renderJumps() {
  const box = $("slot-jumps");
  box.replaceChildren();
  const user = currentUser();
  if (!user) return;
  for (const slot of user.slots) {
    const known = SLOT_LABELS[slot.slot] || { icon: "⏭", short: slot.slot, label: `Next ${slot.slot}` };
    const button = document.createElement("button");
    button.type = "button";
    button.className = "travel-button";
    button.dataset.slot = slot.slot;
    button.dataset.testid = `jump-${slot.slot}`;
    const icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = known.icon;
    const label = document.createElement("span");
    label.className = "travel-label";
    label.textContent = known.short;
    button.append(icon, label);
    button.setAttribute("aria-label", known.label);
    if (slot.next_due_at) {
      button.title = `Jump to ${user.first_name}'s ${known.label.replace("Next ", "next ")}: ${describeDue(slot.next_due_at)}`;
      button.setAttribute("aria-disabled", state.travelling ? "true" : "false");
      button.addEventListener("click", () => travel({ slot: slot.slot, user_id: user.id }));
    } else {
      // aria-disabled rather than disabled: the button keeps its tooltip and can say why.
      button.title = slot.why_not;
      button.setAttribute("aria-disabled", "true");
      button.addEventListener("click", () => toast(slot.why_not, 3500));
    }
    box.append(button);
  }
  $("forward-button").setAttribute("aria-disabled", state.travelling ? "true" : "false");
}

async function travel(destination) {
  if (state.travelling) return;
  state.travelling = true;
  document.body.classList.add("travelling");
  renderJumps();
  try {
    const result = await api("/api/travel", destination);
    syncClock(result.clock);
    const arrived = new Date(result.trip.arrived);
    const sent = result.trip.sent;
    toast(
      `⏩ ${formatIn(arrived, { weekday: "short", day: "numeric", month: "short" })} ` +
        `${formatTime(arrived)} · ${sent} scheduled message${sent === 1 ? "" : "s"} sent`,
    );
  } catch (error) {
    toast(error.message, 4000);
  } finally {
    state.travelling = false;
    document.body.classList.remove("travelling");
    await refreshUser(state.currentUserId);
  }
}

// ---------------------------------------------------------------- live updates

function applyEvent(event) {
  const userId = event.chat_id;
  if (event.message && state.users.some((user) => user.id === userId)) {
    const known = chatOf(userId).has(event.message.message_id);
    chatOf(userId).set(event.message.message_id, event.message);
    if (event.type === "delete") event.message.deleted = true;
    if (userId === state.currentUserId) {
      if (event.message.from_bot) state.typingUntil = 0;
      showMessage(event.message);
    } else if (!known && event.message.from_bot) {
      state.unread.set(userId, (state.unread.get(userId) || 0) + 1);
    }
    return true;
  }
  if (event.type === "callback_answer" && userId === state.currentUserId) {
    const answer = event.answer || {};
    for (const key of document.querySelectorAll(`[data-message-id="${answer.message_id}"] .pending`)) {
      key.classList.remove("pending");
      key.removeAttribute("aria-busy");
    }
    if (answer.text) {
      if (answer.show_alert) alertDialog(answer.text);
      else toast(answer.text);
    }
  } else if (event.type === "chat_action" && userId === state.currentUserId) {
    state.typingUntil = performance.now() + TYPING_MS;
    renderClock();
  } else if (event.type === "commands") {
    api("/api/state").then((fresh) => {
      state.commands = fresh.commands;
      renderMenuButton();
    });
  }
  return false;
}

async function loadAll() {
  const fresh = await api("/api/state");
  state.users = fresh.users;
  state.commands = fresh.commands;
  state.places = fresh.places;
  state.seq = fresh.seq;
  state.maxDays = fresh.max_days;
  syncClock(fresh.clock);
  $("forward-days").max = String(fresh.max_days);
  $("bot-name").textContent = fresh.bot.first_name;
  $("db-note").textContent = fresh.database.throw_away
    ? "🗑️ Throw-away database: deleted when the sandbox stops."
    : `💾 Database kept in ${fresh.database.path}`;
  await Promise.all(
    state.users.map(async (user) => {
      const messages = await api(`/api/chats/${user.id}/messages`);
      const chat = chatOf(user.id);
      chat.clear();
      for (const message of messages) chat.set(message.message_id, message);
    }),
  );
  renderMenuButton();
}

async function pollEvents() {
  for (;;) {
    try {
      const result = await api(
        `/api/events?since=${state.seq}&clock=${state.clock.version}&timeout=25`,
      );
      $("offline").hidden = true;
      const clockMoved = result.clock.version !== state.clock.version;
      syncClock(result.clock);
      if (result.truncated) {
        await loadAll();
        renderChat();
      }
      state.seq = result.seq;
      const touched = new Set(clockMoved ? [state.currentUserId] : []);
      for (const event of result.events) {
        if (applyEvent(event)) touched.add(event.chat_id);
      }
      if (touched.size) {
        renderUsers();
        refreshUsersSoon(touched);
      }
    } catch (error) {
      $("offline").hidden = false;
      await sleep(1500);
    }
  }
}

// ---------------------------------------------------------------- wiring

function wire() {
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("message-input");
    const text = input.value;
    input.value = "";
    sendText(text);
  });
  $("message-input").addEventListener("input", (event) => {
    const value = event.target.value;
    if (value.startsWith("/") && !value.includes(" ")) showCommandMenu(value);
    else hideCommandMenu();
  });
  $("message-input").addEventListener("keydown", (event) => {
    if (event.key === "Escape") hideCommandMenu();
  });
  $("menu-button").addEventListener("click", () => {
    if ($("command-menu").hidden) showCommandMenu();
    else hideCommandMenu();
  });
  $("start-button").addEventListener("click", () => sendText("/start"));
  $("location-button").addEventListener("click", () => openPlacePicker());
  $("keyboard-toggle").addEventListener("click", () => {
    const active = activeReplyKeyboard();
    reopenedKeyboard = active ? active.messageId : null;
    renderReplyKeyboard();
  });
  $("custom-share").addEventListener("click", () => shareCustomPlace());
  $("forward-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const days = Number.parseInt($("forward-days").value, 10);
    if (!(days >= 1 && days <= state.maxDays)) {
      toast(`Forward 1 to ${state.maxDays} days.`);
      return;
    }
    travel({ days });
  });
  $("lightbox").addEventListener("click", (event) => {
    if (event.target === $("lightbox")) $("lightbox").close();
  });
  document.addEventListener("click", (event) => {
    if (!event.target.closest("#command-menu, #menu-button, #message-input")) hideCommandMenu();
  });
  setInterval(renderClock, 1000);
}

async function main() {
  wire();
  for (;;) {
    try {
      await loadAll();
      break;
    } catch (error) {
      $("offline").hidden = false;
      await sleep(1500);
    }
  }
  $("offline").hidden = true;
  const fromHash = Number.parseInt((location.hash.match(/user-(\d+)/) || [])[1], 10);
  const first = state.users.some((user) => user.id === fromHash) ? fromHash : state.users[0].id;
  switchUser(first);
  document.body.dataset.ready = "true";
  pollEvents();
}

main();
