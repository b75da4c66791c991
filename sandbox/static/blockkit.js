// Block Kit to DOM, readably: the blocks the bot sends (header, section with text, fields and
// accessory, context, divider, actions, image, rich_text) and the inputs of a modal.
//
// `ctx` carries what rendering needs: users and channels (for mentions), `me`, and
// `onAction(element, block)` which sends a click to the bot exactly as Slack would.

import { emojiText, emojiFor, renderMrkdwn, renderText } from "./mrkdwn.js";

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function plain(object) {
  return object?.text ?? "";
}

// ------------------------------------------------------------------------------ elements

function button(element, block, ctx) {
  const label = emojiText(plain(element.text));
  const node = el("button", "bk-btn", label);
  node.type = "button";
  if (element.style === "primary") node.classList.add("bk-primary");
  if (element.style === "danger") node.classList.add("bk-danger");
  if (element.action_id) node.dataset.actionId = element.action_id;
  if (element.value !== undefined) node.dataset.value = element.value;
  if (element.url) {
    node.classList.add("bk-link");
    node.title = element.url;
    node.append(el("span", "bk-external", " ↗"));
  }
  node.addEventListener("click", async () => {
    if (element.confirm && !window.confirm(confirmText(element.confirm))) return;
    if (element.url && /^https?:/i.test(element.url)) {
      window.open(element.url, "_blank", "noopener,noreferrer");
    }
    if (!element.action_id || !ctx.onAction) return;
    node.disabled = true;
    node.classList.add("bk-busy");
    try {
      await ctx.onAction(element, block);
    } finally {
      node.disabled = false;
      node.classList.remove("bk-busy");
    }
  });
  return node;
}

function confirmText(confirm) {
  return [plain(confirm.title), plain(confirm.text)].filter(Boolean).join("\n\n");
}

function unsupported(element) {
  const label = element.placeholder ? plain(element.placeholder) : element.type;
  const node = el("span", "bk-unsupported", `[${label}]`);
  node.title = `A ${element.type} element: only buttons are clickable in the sandbox's messages.`;
  return node;
}

function image(element, className) {
  // Never fetched: the sandbox contacts nothing but 127.0.0.1. Show what it is instead.
  const node = el("span", className, `🖼 ${element.alt_text || "image"}`);
  if (element.image_url) node.title = element.image_url;
  return node;
}

function interactive(element, block, ctx) {
  if (element.type === "button") return button(element, block, ctx);
  if (element.type === "image") return image(element, "bk-image-inline");
  return unsupported(element);
}

// -------------------------------------------------------------------------------- blocks

function section(block, ctx) {
  const node = el("div", "bk-section");
  const main = el("div", "bk-section-main");
  if (block.text) main.append(renderText(block.text, ctx));
  if (Array.isArray(block.fields) && block.fields.length) {
    const fields = el("div", "bk-fields");
    for (const field of block.fields) {
      const cell = el("div", "bk-field");
      cell.append(renderText(field, ctx));
      fields.append(cell);
    }
    main.append(fields);
  }
  node.append(main);
  if (block.accessory) {
    const accessory = el("div", "bk-accessory");
    accessory.append(interactive(block.accessory, block, ctx));
    node.append(accessory);
  }
  return node;
}

function context(block, ctx) {
  const node = el("div", "bk-context");
  for (const element of block.elements ?? []) {
    if (element.type === "image") node.append(image(element, "bk-context-image"));
    else node.append(renderText(element, ctx));
  }
  return node;
}

function actions(block, ctx) {
  const node = el("div", "bk-actions");
  for (const element of block.elements ?? []) node.append(interactive(element, block, ctx));
  return node;
}

function richElements(elements, ctx, parent) {
  for (const item of elements ?? []) {
    let node;
    if (item.type === "text") {
      node = document.createTextNode(item.text);
      const style = item.style ?? {};
      for (const [flag, tag] of [["code", "code"], ["strike", "s"], ["italic", "em"], ["bold", "strong"]]) {
        if (style[flag]) {
          const wrap = document.createElement(tag);
          wrap.append(node);
          node = wrap;
        }
      }
    } else if (item.type === "link") {
      node = renderMrkdwn(`<${item.url}|${item.text ?? item.url}>`, ctx).firstChild;
    } else if (item.type === "user") {
      node = renderMrkdwn(`<@${item.user_id}>`, ctx).firstChild;
    } else if (item.type === "channel") {
      node = renderMrkdwn(`<#${item.channel_id}>`, ctx).firstChild;
    } else if (item.type === "emoji") {
      node = document.createTextNode(emojiFor(item.name) ?? `:${item.name}:`);
    } else if (item.type === "broadcast") {
      node = document.createTextNode(`@${item.range}`);
    } else {
      node = document.createTextNode(item.text ?? "");
    }
    if (node) parent.append(node);
  }
}

function richText(block, ctx) {
  const node = el("div", "bk-rich mrkdwn");
  for (const part of block.elements ?? []) {
    if (part.type === "rich_text_list") {
      const list = el(part.style === "ordered" ? "ol" : "ul");
      for (const item of part.elements ?? []) {
        const li = el("li");
        richElements(item.elements, ctx, li);
        list.append(li);
      }
      node.append(list);
    } else {
      const tag = { rich_text_quote: "blockquote", rich_text_preformatted: "pre" }[part.type] ?? "div";
      const wrap = el(tag);
      richElements(part.elements, ctx, wrap);
      node.append(wrap);
    }
  }
  return node;
}

const RENDERERS = {
  section,
  header: (block) => el("div", "bk-header", emojiText(plain(block.text))),
  divider: () => el("hr", "bk-divider"),
  context,
  actions,
  image: (block) => {
    const node = el("div", "bk-image");
    if (block.title) node.append(el("div", "bk-image-title", plain(block.title)));
    node.append(image(block, "bk-image-placeholder"));
    return node;
  },
  rich_text: richText,
};

// Blocks to a <div class="blocks">; `ctx.renderInput(block)` renders inputs (modals only).
export function renderBlocks(blocks, ctx) {
  const root = el("div", "blocks");
  for (const block of blocks ?? []) {
    let node;
    try {
      if (block.type === "input" && ctx.renderInput) node = ctx.renderInput(block);
      else if (RENDERERS[block.type]) node = RENDERERS[block.type](block, ctx);
      else node = el("div", "bk-unknown", `[${block.type} block]`);
    } catch (error) {
      // A block Slack would refuse or show oddly: say so here rather than break the page.
      console.error("could not render block", block, error);
      node = el("div", "bk-unknown", `[a ${block?.type} block the sandbox could not show: ${error.message}]`);
    }
    node.classList.add("bk-block");
    if (block.block_id) node.dataset.blockId = block.block_id;
    root.append(node);
  }
  return root;
}

// ------------------------------------------------------------------------ modal inputs

function optionsOf(element) {
  if (Array.isArray(element.options)) return element.options;
  return (element.option_groups ?? []).flatMap((group) => group.options ?? []);
}

function selectControl(options, selectedValue, placeholder) {
  const select = el("select", "bk-input");
  const empty = el("option", "", placeholder || "Choose…");
  empty.value = "";
  select.append(empty);
  for (const option of options) {
    const node = el("option", "", emojiText(plain(option.text)));
    node.value = option.value;
    if (option.value === selectedValue) node.selected = true;
    select.append(node);
  }
  return select;
}

// One input element: its control, and a reader giving Slack's state value for it.
export function inputControl(element, ctx) {
  const type = element.type;
  const placeholder = plain(element.placeholder);
  if (type === "plain_text_input" || type === "email_text_input" || type === "url_text_input" || type === "number_input") {
    const control = element.multiline ? el("textarea", "bk-input") : el("input", "bk-input");
    if (!element.multiline) control.type = { email_text_input: "email", url_text_input: "url", number_input: "number" }[type] ?? "text";
    if (element.multiline) control.rows = 4;
    if (element.max_length) control.maxLength = element.max_length;
    control.placeholder = placeholder;
    control.value = element.initial_value ?? "";
    return { control, read: () => ({ type, value: control.value === "" ? null : control.value }) };
  }
  if (type === "datepicker") {
    const control = el("input", "bk-input");
    control.type = "date";
    control.value = element.initial_date ?? "";
    return { control, read: () => ({ type, selected_date: control.value || null }) };
  }
  if (type === "timepicker") {
    const control = el("input", "bk-input");
    control.type = "time";
    control.value = element.initial_time ?? "";
    return { control, read: () => ({ type, selected_time: control.value || null }) };
  }
  if (type === "static_select" || type === "radio_buttons") {
    const options = optionsOf(element);
    const control = selectControl(options, element.initial_option?.value, placeholder);
    return {
      control,
      read: () => ({ type, selected_option: options.find((o) => o.value === control.value) ?? null }),
    };
  }
  if (type === "users_select") {
    const people = Object.values(ctx.users ?? {}).filter((u) => !u.bot);
    const options = people.map((u) => ({ text: { type: "plain_text", text: u.real_name }, value: u.id }));
    const control = selectControl(options, element.initial_user, placeholder || "Choose a person…");
    return { control, read: () => ({ type, selected_user: control.value || null }) };
  }
  if (type === "conversations_select" || type === "channels_select") {
    const options = Object.entries(ctx.channels ?? {}).map(([id, name]) => ({ text: { type: "plain_text", text: `#${name}` }, value: id }));
    const control = selectControl(options, element.initial_conversation ?? element.initial_channel, placeholder);
    const key = type === "channels_select" ? "selected_channel" : "selected_conversation";
    return { control, read: () => ({ type, [key]: control.value || null }) };
  }
  if (type === "checkboxes" || type === "multi_static_select") {
    const options = optionsOf(element);
    const control = el("div", "bk-checkboxes");
    const initial = new Set((element.initial_options ?? []).map((o) => o.value));
    const boxes = options.map((option) => {
      const label = el("label", "bk-checkbox");
      const box = el("input");
      box.type = "checkbox";
      box.checked = initial.has(option.value);
      label.append(box, document.createTextNode(` ${plain(option.text)}`));
      control.append(label);
      return [box, option];
    });
    return { control, read: () => ({ type, selected_options: boxes.filter(([box]) => box.checked).map(([, o]) => o) }) };
  }
  const control = unsupported(element);
  return { control, read: () => ({ type }) };
}

export function isEmptyValue(value) {
  return Object.entries(value)
    .filter(([key]) => key !== "type")
    .every(([, v]) => v === null || v === "" || (Array.isArray(v) && v.length === 0));
}
