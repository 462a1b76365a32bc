/* confer-chat-markdown.c: a chat message's Markdown as Pango markup
 *
 * md4c parses the subset chat offers (emphasis, strong, strikethrough,
 * inline code, code blocks, links, lists, quotes, headings); everything
 * else a message holds is text, escaped. Raw HTML is not HTML (md4c's
 * MD_FLAG_NOHTML), so a message can never inject markup: every piece of
 * its text reaches Pango through g_markup_escape_text(), and the only
 * tags are the ones written here. Links keep only http, https and mailto
 * targets; a label opens them through GTK's URI launcher when clicked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-chat-markdown"

#include "config.h"

#include <md4c.h>
#include <string.h>

#include "confer-chat-markdown.h"

typedef struct
{
  GString *out;
  guint    quote;        /* quotes open */
  guint    lists;        /* lists open */
  guint    numbers[16];  /* an ordered list's next number, 0 for bullets */
  gboolean line_start;   /* at the start of a line (for quote marks) */
  gboolean blocks;       /* a block has been written (for spacing) */
  GArray  *links;        /* whether each open link got an <a> */
} Render;

static void
newline (Render *r)
{
  g_string_append_c (r->out, '\n');
  r->line_start = TRUE;
}

/* Quote marks at the start of each line inside a quote. */
static void
line_prefix (Render *r)
{
  if (!r->line_start)
    return;
  for (guint i = 0; i < r->quote; i++)
    g_string_append (r->out, "<span fgalpha=\"55%\">▎ </span>");
  r->line_start = FALSE;
}

static void
escaped (Render     *r,
         const char *text,
         gsize       size)
{
  g_autofree char *valid = g_utf8_make_valid (text, (gssize) size);
  g_autofree char *escape = g_markup_escape_text (valid, -1);

  line_prefix (r);
  g_string_append (r->out, escape);
}

static gboolean
safe_target (const char *href,
             gsize       size)
{
  static const char *const schemes[] = { "https://", "http://", "mailto:" };

  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (size > strlen (schemes[i]) && g_ascii_strncasecmp (href, schemes[i], strlen (schemes[i])) == 0)
      return TRUE;
  return FALSE;
}

static int
enter_block (MD_BLOCKTYPE type,
             void        *detail,
             void        *data)
{
  Render *r = data;

  switch (type)
    {
    case MD_BLOCK_DOC:
      break;
    case MD_BLOCK_QUOTE:
      r->quote++;
      break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      if (r->lists < G_N_ELEMENTS (r->numbers))
        r->numbers[r->lists] = type == MD_BLOCK_OL ? ((MD_BLOCK_OL_DETAIL *) detail)->start : 0;
      r->lists++;
      break;
    case MD_BLOCK_LI:
      if (r->blocks && !r->line_start)
        newline (r);
      line_prefix (r);
      for (guint i = 1; i < r->lists; i++)
        g_string_append (r->out, "    ");
      if (r->lists > 0 && r->lists <= G_N_ELEMENTS (r->numbers) && r->numbers[r->lists - 1] > 0)
        g_string_append_printf (r->out, "%u. ", r->numbers[r->lists - 1]++);
      else
        g_string_append (r->out, "• ");
      r->blocks = TRUE;
      break;
    case MD_BLOCK_HR:
    case MD_BLOCK_H:
    case MD_BLOCK_CODE:
    case MD_BLOCK_P:
    case MD_BLOCK_HTML:
    case MD_BLOCK_TABLE:
      if (r->blocks)
        {
          if (!r->line_start)
            newline (r);
          if (r->lists == 0)
            newline (r);
        }
      r->blocks = TRUE;
      line_prefix (r);
      if (type == MD_BLOCK_HR)
        g_string_append (r->out, "<span fgalpha=\"55%\">――――――</span>");
      else if (type == MD_BLOCK_H)
        g_string_append (r->out, "<span size=\"larger\" weight=\"bold\">");
      else if (type == MD_BLOCK_CODE)
        g_string_append (r->out, "<tt>");
      break;
    default:
      break;
    }
  return 0;
}

static int
leave_block (MD_BLOCKTYPE type,
             void        *detail,
             void        *data)
{
  Render *r = data;

  switch (type)
    {
    case MD_BLOCK_QUOTE:
      r->quote--;
      break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      r->lists--;
      break;
    case MD_BLOCK_H:
      g_string_append (r->out, "</span>");
      break;
    case MD_BLOCK_CODE:
      /* The block's last line ended with a newline of its own. */
      if (r->out->len > 0 && r->out->str[r->out->len - 1] == '\n')
        g_string_truncate (r->out, r->out->len - 1);
      g_string_append (r->out, "</tt>");
      r->line_start = FALSE;
      break;
    default:
      break;
    }
  return 0;
}

static int
enter_span (MD_SPANTYPE type,
            void       *detail,
            void       *data)
{
  Render *r = data;

  line_prefix (r);
  switch (type)
    {
    case MD_SPAN_EM:
      g_string_append (r->out, "<i>");
      break;
    case MD_SPAN_STRONG:
      g_string_append (r->out, "<b>");
      break;
    case MD_SPAN_CODE:
      g_string_append (r->out, "<tt>");
      break;
    case MD_SPAN_DEL:
      g_string_append (r->out, "<s>");
      break;
    case MD_SPAN_A:
      {
        MD_SPAN_A_DETAIL *link = detail;
        gboolean safe = safe_target (link->href.text, link->href.size);

        if (safe)
          {
            g_autofree char *href = g_strndup (link->href.text, link->href.size);
            g_autofree char *valid = g_utf8_make_valid (href, -1);
            g_autofree char *escape = g_markup_escape_text (valid, -1);

            g_string_append_printf (r->out, "<a href=\"%s\">", escape);
          }
        g_array_append_val (r->links, safe);
      }
      break;
    default:
      break;
    }
  return 0;
}

static int
leave_span (MD_SPANTYPE type,
            void       *detail,
            void       *data)
{
  Render *r = data;

  switch (type)
    {
    case MD_SPAN_EM:
      g_string_append (r->out, "</i>");
      break;
    case MD_SPAN_STRONG:
      g_string_append (r->out, "</b>");
      break;
    case MD_SPAN_CODE:
      g_string_append (r->out, "</tt>");
      break;
    case MD_SPAN_DEL:
      g_string_append (r->out, "</s>");
      break;
    case MD_SPAN_A:
      if (r->links->len > 0)
        {
          if (g_array_index (r->links, gboolean, r->links->len - 1))
            g_string_append (r->out, "</a>");
          g_array_set_size (r->links, r->links->len - 1);
        }
      break;
    default:
      break;
    }
  return 0;
}

static int
on_text (MD_TEXTTYPE  type,
         const char  *chars,
         MD_SIZE      size,
         void        *data)
{
  Render *r = data;

  switch (type)
    {
    case MD_TEXT_NULLCHAR:
      escaped (r, "\xef\xbf\xbd", 3);
      break;
    case MD_TEXT_BR:
    case MD_TEXT_SOFTBR:
      /* A chat line break is a line break. */
      newline (r);
      break;
    case MD_TEXT_CODE:
      /* A code block's lines end with their newline. */
      if (size == 1 && chars[0] == '\n')
        {
          newline (r);
          break;
        }
      escaped (r, chars, size);
      break;
    case MD_TEXT_ENTITY:
      {
        /* Pango knows five named entities and numbered ones: others are
         * shown as they were written. */
        g_autofree char *entity = g_strndup (chars, size);
        static const char *const known[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" };
        gboolean pass = entity[1] == '#';

        for (guint i = 0; i < G_N_ELEMENTS (known); i++)
          pass |= g_str_equal (entity, known[i]);
        if (pass && entity[1] == '#')
          {
            /* A numbered one must name a character Pango accepts. */
            gunichar c = entity[2] == 'x' || entity[2] == 'X' ? (gunichar) g_ascii_strtoull (entity + 3, NULL, 16)
                                                              : (gunichar) g_ascii_strtoull (entity + 2, NULL, 10);

            pass = c != 0 && g_unichar_validate (c) && (c >= 0x20 || c == '\n' || c == '\t');
          }
        if (pass)
          {
            line_prefix (r);
            g_string_append (r->out, entity);
          }
        else
          escaped (r, chars, size);
      }
      break;
    default:
      escaped (r, chars, size);
      break;
    }
  return 0;
}

/**
 * confer_chat_markdown_to_pango:
 * @text: a message's text, Markdown (CommonMark with strikethrough and
 *   permissive autolinks, as md4c reads it; raw HTML is text)
 *
 * Renders a message for a #GtkLabel with markup: emphasis, strong,
 * strikethrough and inline code as Pango styles; code blocks in a
 * monospace font; links as `<a>` when they go to http, https or mailto
 * (any other link is its text); lists with bullets or numbers, indented
 * by nesting; quotes with a bar before each line; headings larger and
 * bold; line breaks kept. Every character of @text is escaped.
 *
 * Returns: (transfer full): Pango markup, always valid
 */
char *
confer_chat_markdown_to_pango (const char *text)
{
  Render r = { g_string_new (NULL), 0, 0, { 0, }, TRUE, FALSE, g_array_new (FALSE, FALSE, sizeof (gboolean)) };
  MD_PARSER parser = { 0, };

  g_return_val_if_fail (text != NULL, NULL);

  parser.abi_version = 0;
  parser.flags = MD_FLAG_NOHTML | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEURLAUTOLINKS |
                 MD_FLAG_PERMISSIVEEMAILAUTOLINKS | MD_FLAG_PERMISSIVEWWWAUTOLINKS;
  parser.enter_block = enter_block;
  parser.leave_block = leave_block;
  parser.enter_span = enter_span;
  parser.leave_span = leave_span;
  parser.text = on_text;
  if (md_parse (text, (MD_SIZE) strlen (text), &parser, &r) != 0)
    {
      g_autofree char *valid = g_utf8_make_valid (text, -1);

      g_string_free (r.out, TRUE);
      g_array_unref (r.links);
      return g_markup_escape_text (valid, -1);
    }
  g_array_unref (r.links);
  return g_string_free (r.out, FALSE);
}
