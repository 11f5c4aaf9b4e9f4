// Turning Bot API messages into DOM nodes, the way Telegram shows them.
//
// Formatting comes from the message's entities, which the emulator computed with its port of
// Telegram's own HTML parser. Everything is built with createElement and textContent: no
// message text is ever parsed as HTML by the browser.

const SAFE_SCHEMES = new Set(["http:", "https:", "mailto:", "tg:"]);
const BLOCK_TYPES = new Set(["pre", "blockquote", "expandable_blockquote"]);

function el(tag, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}

/** A link target that is safe to follow, or null. Bare domains get http://. */
export function safeUrl(raw) {
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `http://${raw}`;
  try {
    const url = new URL(withScheme);
    return SAFE_SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function link(href) {
  const url = safeUrl(href);
  if (url === null) return el("span", "bad-link");
  const a = el("a");
  a.href = url;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  return a;
}

function spoiler() {
  const span = el("span", "spoiler");
  span.tabIndex = 0;
  span.setAttribute("role", "button");
  span.setAttribute("aria-label", "Hidden text: press to reveal");
  const reveal = () => {
    span.classList.add("revealed");
    span.removeAttribute("role");
    span.removeAttribute("aria-label");
    span.tabIndex = -1;
  };
  span.addEventListener("click", reveal);
  span.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      reveal();
    }
  });
  return span;
}

/** The element for one entity: {node, inner} where inner receives the entity's content. */
function elementFor(entity, covered, actions) {
  switch (entity.type) {
    case "bold":
      return el("strong");
    case "italic":
      return el("em");
    case "underline":
      return el("u");
    case "strikethrough":
      return el("s");
    case "spoiler":
      return spoiler();
    case "code":
      return el("code", "inline-code");
    case "pre": {
      const pre = el("pre");
      const code = el("code");
      if (entity.language) code.dataset.language = entity.language;
      pre.append(code);
      return { node: pre, inner: code };
    }
    case "text_link":
      return link(entity.url || "");
    case "url":
      return link(covered);
    case "email":
      return link(`mailto:${covered}`);
    case "bot_command": {
      // Tapping a command in a message sends it, as in Telegram.
      const a = el("a", "command-link");
      a.href = "#";
      a.setAttribute("role", "button");
      a.addEventListener("click", (event) => {
        event.preventDefault();
        actions.sendText(covered.split("@")[0]);
      });
      return a;
    }
    case "blockquote":
      return el("blockquote");
    case "expandable_blockquote": {
      const quote = el("blockquote", "expandable");
      quote.tabIndex = 0;
      quote.title = "Show more";
      quote.addEventListener("click", () => quote.classList.add("expanded"));
      return quote;
    }
    case "mention":
    case "text_mention":
      return el("span", "mention");
    case "hashtag":
    case "cashtag":
      return el("span", "hashtag");
    default:
      return el("span");
  }
}

function appendText(container, text) {
  if (text) container.append(document.createTextNode(text));
}

/**
 * Appends `text[start:end]` to `container` with `entities` (sorted, all inside the range)
 * applied. Offsets are UTF-16 code units, like JavaScript string indices.
 */
function build(container, text, entities, start, end, actions) {
  let position = start;
  let afterBlock = false;
  let index = 0;
  while (index < entities.length) {
    const entity = entities[index];
    const entityEnd = Math.min(entity.offset + entity.length, end);
    const entityStart = Math.max(entity.offset, position);
    let next = index + 1;
    while (next < entities.length && entities[next].offset < entity.offset + entity.length) next++;
    const nested = entities.slice(index + 1, next);
    index = next;
    if (entityStart >= entityEnd) continue;

    let before = text.slice(position, entityStart);
    const isBlock = BLOCK_TYPES.has(entity.type);
    // A block already starts and ends a line: drop the newline that separates it in the text.
    if (afterBlock) before = before.replace(/^\n/, "");
    if (isBlock) before = before.replace(/\n$/, "");
    appendText(container, before);

    const made = elementFor(entity, text.slice(entityStart, entityEnd), actions);
    const { node, inner } = made instanceof Node ? { node: made, inner: made } : made;
    build(inner, text, nested, entityStart, entityEnd, actions);
    container.append(node);
    position = entityEnd;
    afterBlock = isBlock;
  }
  let rest = text.slice(position, end);
  if (afterBlock) rest = rest.replace(/^\n/, "");
  appendText(container, rest);
}

/** A fragment with `text` formatted by its Bot API `entities`. */
export function formatted(text, entities, actions) {
  const fragment = document.createDocumentFragment();
  if (!text) return fragment;
  const sorted = [...(entities || [])]
    .filter((e) => Number.isInteger(e.offset) && Number.isInteger(e.length) && e.length > 0)
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  build(fragment, text, sorted, 0, text.length, actions);
  return fragment;
}

function humanSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function photoNode(photo, sizes, actions) {
  const button = el("button", "photo");
  button.type = "button";
  button.setAttribute("aria-label", "Open the photo");
  const img = el("img");
  img.src = photo.url;
  img.alt = "Photo from the bot";
  // Reserve the photo's space before it loads, so the chat stays scrolled to the bottom.
  const largest = Array.isArray(sizes) ? sizes[sizes.length - 1] : null;
  if (largest && largest.width && largest.height) {
    img.width = largest.width;
    img.height = largest.height;
  }
  button.append(img);
  button.addEventListener("click", () => actions.openPhoto(photo.url));
  return button;
}

function documentNode(doc) {
  const box = el("div", "document");
  const icon = el("span", "document-icon");
  const name = doc.file_name || "file";
  const extension = name.includes(".") ? name.split(".").pop().slice(0, 4) : "file";
  icon.textContent = extension.toUpperCase();
  const info = el("div", "document-info");
  const title = el("a", "document-name");
  title.href = `${doc.url}?download=1`;
  title.download = name;
  title.textContent = name;
  const size = el("div", "document-size");
  size.textContent = `${humanSize(doc.size || 0)} · Download`;
  info.append(title, size);
  box.append(icon, info);
  return box;
}

function locationNode(location, actions) {
  const box = el("div", "location");
  const map = el("div", "location-map");
  const pin = el("span", "location-pin");
  pin.textContent = "📍";
  pin.setAttribute("aria-hidden", "true");
  map.append(pin);
  const label = el("div", "location-label");
  const place = actions.placeName(location.latitude, location.longitude);
  const name = el("strong");
  name.textContent = place || "Location";
  const coordinates = el("span");
  coordinates.textContent = `${location.latitude.toFixed(4)}, ${location.longitude.toFixed(4)}`;
  label.append(name, coordinates);
  box.append(map, label);
  return box;
}

function metaNode(message, actions) {
  const meta = el("span", "meta");
  if (message.edit_date) {
    const edited = el("span", "edited");
    edited.textContent = "edited";
    meta.append(edited);
  }
  const time = el("time");
  const when = new Date(message.date * 1000);
  time.dateTime = when.toISOString();
  time.textContent = actions.formatTime(when);
  meta.append(time);
  if (!message.from_bot) {
    const ticks = el("span", "ticks");
    ticks.textContent = "✓✓";
    ticks.setAttribute("aria-label", "read");
    meta.append(ticks);
  }
  return meta;
}

function inlineKeyboardNode(message, actions) {
  const rows = message.reply_markup && message.reply_markup.inline_keyboard;
  if (!Array.isArray(rows) || rows.length === 0) return null;
  const keyboard = el("div", "inline-keyboard");
  keyboard.setAttribute("role", "group");
  keyboard.setAttribute("aria-label", "Buttons");
  for (const row of rows) {
    const line = el("div", "inline-row");
    for (const button of row) {
      const key = el("button", "inline-button");
      key.type = "button";
      key.textContent = button.text;
      if (typeof button.callback_data === "string") {
        key.dataset.callback = button.callback_data;
        key.addEventListener("click", () => actions.press(message, button.callback_data, key));
      } else if (button.url) {
        const url = safeUrl(button.url);
        key.classList.add("url-button");
        key.title = url || "";
        key.addEventListener("click", () => url && window.open(url, "_blank", "noopener"));
      } else {
        key.disabled = true;
        key.title = "This kind of button is not available in the sandbox";
      }
      line.append(key);
    }
    keyboard.append(line);
  }
  return keyboard;
}

/** The whole message: bubble (media, text, time) and its inline keyboard. */
export function messageNode(message, actions) {
  const wrap = el("div", `message ${message.from_bot ? "incoming" : "outgoing"}`);
  wrap.dataset.messageId = String(message.message_id);
  wrap.dataset.edits = String(message.edit_count || 0);
  const bubble = el("div", "bubble");
  if (message.photo) {
    bubble.classList.add("has-photo");
    bubble.append(photoNode(message.photo, message.api && message.api.photo, actions));
  }
  if (message.document) bubble.append(documentNode(message.document));
  if (message.location) {
    bubble.classList.add("has-location");
    bubble.append(locationNode(message.location, actions));
  }
  const text = message.text ?? message.caption;
  const entities = message.text != null ? message.entities : message.caption_entities;
  const body = el("div", "text");
  if (text) {
    body.append(formatted(text, entities, actions));
  } else if (!message.photo && !message.document && !message.location) {
    body.append(document.createTextNode(`[${message.kind}]`));
  }
  body.append(metaNode(message, actions));
  bubble.append(body);
  wrap.append(bubble);
  const keyboard = inlineKeyboardNode(message, actions);
  if (keyboard) wrap.append(keyboard);
  return wrap;
}
