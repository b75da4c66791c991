// Slack mrkdwn to DOM nodes, never through innerHTML: everything people typed reaches the page
// as text nodes, so a commitment titled "<script>" shows as those characters and nothing runs.
//
// Slack's rules, as far as the bot uses them: *bold*, _italic_, ~strike~, `code`, ```pre```,
// "> " quotes, <@U…> mentions, <#C…|name> channels, <!here>, <url|label> links, :emoji:, and
// the three escapes &amp; &lt; &gt; that the bot applies to what people typed.

const EMOJI = {
  alarm_clock: "⏰", arrow_right: "➡️", bar_chart: "📊", books: "📚", busts_in_silhouette: "👥",
  calendar: "📅", hourglass: "⌛", hourglass_flowing_sand: "⏳", handshake: "🤝",
  heavy_minus_sign: "➖", large_blue_circle: "🔵", memo: "📝", office: "🏢", outbox_tray: "📤",
  palm_tree: "🌴", pencil: "✏️", question: "❓", red_circle: "🔴", seedling: "🌱", soon: "🔜",
  sos: "🆘", speech_balloon: "💬", tada: "🎉", warning: "⚠️", wave: "👋",
  white_check_mark: "✅", white_circle: "⚪", eyes: "👀", thumbsup: "👍", "+1": "👍",
  heavy_check_mark: "✔️", x: "❌", star: "⭐", sparkles: "✨", clock9: "🕘", link: "🔗",
  raised_hands: "🙌", pray: "🙏", bulb: "💡", mag: "🔍", rocket: "🚀", fire: "🔥",
  muscle: "💪", clap: "👏", heart: "❤️", smile: "😄", slightly_smiling_face: "🙂",
  information_source: "ℹ️", pushpin: "📌", envelope: "✉️", bell: "🔔", no_bell: "🔕",
  house: "🏠", hospital: "🏥", construction: "🚧", chart_with_upwards_trend: "📈",
  spiral_calendar_pad: "🗓️", date: "📅", stopwatch: "⏱️", zzz: "💤", sleeping: "😴",
  bookmark_tabs: "📑", clipboard: "📋", inbox_tray: "📥", loudspeaker: "📢", mega: "📣",
  white_circle_small: "◽", heavy_plus_sign: "➕", arrows_counterclockwise: "🔄",
  mailbox_with_mail: "📬", incoming_envelope: "📨", newspaper: "📰", calendar_spiral: "🗓️",
  thinking_face: "🤔", ok_hand: "👌", point_right: "👉", calling: "📲",
  hammer_and_wrench: "🛠️", school: "🏫", large_green_circle: "🟢",
  large_yellow_circle: "🟡", large_orange_circle: "🟠", black_circle: "⚫", checkered_flag: "🏁",
};

export function emojiFor(name) {
  return EMOJI[name] ?? null;
}

function decodeEntities(text) {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

// Text with :emoji: codes turned into characters (unknown codes stay as typed).
export function emojiText(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name) => emojiFor(name) ?? whole);
}

function safeHref(url) {
  return /^(https?:|mailto:)/i.test(url) ? url : null;
}

function link(href, label) {
  const safe = safeHref(href);
  if (!safe) return document.createTextNode(label);
  const a = document.createElement("a");
  a.href = safe;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  a.textContent = label;
  return a;
}

function chip(className, label) {
  const span = document.createElement("span");
  span.className = className;
  span.textContent = label;
  return span;
}

// One <…> token: a mention, a channel, a special mention or a link.
function angleToken(body, ctx) {
  const [target, label] = splitOnce(body, "|");
  if (target.startsWith("@")) {
    const id = target.slice(1);
    const user = ctx.users?.[id];
    const name = user ? user.name : label || id;
    return chip(id === ctx.me ? "mention mention-me" : "mention", `@${name}`);
  }
  if (target.startsWith("#")) {
    const id = target.slice(1);
    const name = ctx.channels?.[id] ?? label ?? id;
    return chip("mention", `#${name}`);
  }
  if (target.startsWith("!")) {
    const special = target.slice(1).split("^")[0];
    if (["here", "channel", "everyone"].includes(special)) return chip("mention mention-me", `@${special}`);
    return document.createTextNode(label ? decodeEntities(label) : `@${special}`);
  }
  return link(decodeEntities(target), decodeEntities(label ?? target));
}

function splitOnce(text, separator) {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

const FORMATS = [
  { re: /(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/, tag: "strong" },
  { re: /(^|[^\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])/, tag: "em" },
  { re: /(^|[^\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])/, tag: "s" },
];
const PLACEHOLDER = /\u0001(\d+)\u0002/g;

// Plain text (with placeholders for tokens) to nodes.
function appendText(parent, text, tokens) {
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > last) {
      parent.append(emojiText(decodeEntities(text.slice(last, match.index))));
    }
    parent.append(tokens[Number(match[1])]);
    last = match.index + match[0].length;
  }
  if (last < text.length) parent.append(emojiText(decodeEntities(text.slice(last))));
}

function appendFormatted(parent, text, tokens) {
  let rest = text;
  while (rest) {
    let best = null;
    for (const format of FORMATS) {
      const match = format.re.exec(rest);
      if (match && (best === null || match.index + match[1].length < best.start)) {
        best = { match, format, start: match.index + match[1].length };
      }
    }
    if (best === null) {
      appendText(parent, rest, tokens);
      return;
    }
    appendText(parent, rest.slice(0, best.start), tokens);
    const element = document.createElement(best.format.tag);
    appendFormatted(element, best.match[2], tokens);
    parent.append(element);
    rest = rest.slice(best.match.index + best.match[0].length);
  }
}

function appendInline(parent, line, ctx) {
  const tokens = [];
  const marked = line.replace(/`([^`\n]+)`|<([^<>\n]+)>/g, (whole, code, angle) => {
    let node;
    if (code !== undefined) {
      node = document.createElement("code");
      node.textContent = decodeEntities(code);
    } else {
      node = angleToken(angle, ctx);
    }
    tokens.push(node);
    return `\u0001${tokens.length - 1}\u0002`;
  });
  appendFormatted(parent, marked, tokens);
}

function appendLines(parent, text, ctx) {
  const lines = text.split("\n");
  let quote = null;
  lines.forEach((line, index) => {
    const quoted = /^(&gt;|>) ?/.exec(line);
    if (quoted) {
      if (!quote) {
        quote = document.createElement("blockquote");
        parent.append(quote);
      } else {
        quote.append(document.createElement("br"));
      }
      appendInline(quote, line.slice(quoted[0].length), ctx);
      return;
    }
    quote = null;
    appendInline(parent, line, ctx);
    if (index < lines.length - 1 && !/^(&gt;|>)/.test(lines[index + 1] ?? "")) {
      parent.append(document.createElement("br"));
    }
  });
}

// mrkdwn text to a <div class="mrkdwn">.
export function renderMrkdwn(text, ctx) {
  const root = document.createElement("div");
  root.className = "mrkdwn";
  const parts = String(text ?? "").split(/```([\s\S]*?)```/);
  parts.forEach((part, index) => {
    if (index % 2 === 1) {
      const pre = document.createElement("pre");
      pre.textContent = decodeEntities(part.replace(/^\n/, ""));
      root.append(pre);
    } else if (part) {
      appendLines(root, part.replace(/^\n|\n$/g, ""), ctx);
    }
  });
  return root;
}

// A text object ({type: plain_text|mrkdwn, text}) to nodes.
export function renderText(object, ctx) {
  if (!object) return document.createTextNode("");
  if (object.type === "mrkdwn") return renderMrkdwn(object.text, ctx);
  const span = document.createElement("span");
  span.className = "plain";
  span.textContent = object.emoji === false ? object.text : emojiText(object.text ?? "");
  return span;
}
