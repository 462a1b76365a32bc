/* bench-chat-words.h: the chat benchmarks' seeded message texts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A message is 3 to 24 words drawn from a vocabulary ranked by frequency,
 * the word of rank r (from 1) drawn with probability proportional to 1/r —
 * Zipf's law, which word frequencies in English text follow closely
 * (Zipf, "Human Behavior and the Principle of Least Effort", 1949). The
 * vocabulary is English as a team writes it at work: the commonest
 * function words first (in the order of their frequency in English), then
 * the team's words. One message in ten also holds a French, Spanish or
 * German word with accents, one in twenty is Chinese or Japanese (a phrase
 * of two to four CJK words, written without spaces), and one in ten names
 * an issue, "#N" with N from 1 to 100,000 (nearly unique words).
 */
#pragma once

#include <glib.h>

#include "bench-xorshift.h"

static const char *const bench_chat_english[] = {
  "the", "to", "and", "a", "of", "I", "it", "is", "in", "that", "you", "for", "on", "this", "we", "be",
  "with", "have", "not", "are", "can", "do", "at", "but", "so", "if", "just", "was", "will", "what",
  "they", "me", "my", "from", "or", "about", "there", "all", "think", "now", "one", "get", "up", "out",
  "like", "yes", "no", "an", "as", "by", "know", "how", "when", "some", "thanks", "see", "then", "would",
  "should", "it's", "I'm", "don't", "that's", "time", "need", "today", "more", "also", "still", "here",
  "good", "new", "work", "looks", "sure", "let", "look", "check", "could", "great", "build", "test",
  "tests", "review", "release", "branch", "merge", "fix", "bug", "issue", "server", "client", "meeting",
  "tomorrow", "morning", "afternoon", "design", "draft", "document", "board", "chat", "call", "link",
  "update", "change", "changes", "patch", "commit", "deploy", "staging", "production", "logs", "error",
  "crash", "memory", "latency", "numbers", "benchmark", "slides", "notes", "agenda", "minutes", "plan",
  "week", "Monday", "Friday", "deadline", "customer", "feedback", "question", "answer", "idea", "sketch",
  "screenshot", "video", "audio", "voice", "message", "thread", "reply", "search", "index", "query",
  "database", "schema", "migration", "cache", "config", "settings", "window", "button", "dialog",
  "layout", "font", "colour", "dark", "light", "mode", "theme", "icon", "translation", "docs", "README",
  "roadmap", "priority", "blocker", "regression", "flaky", "timeout", "retry", "reconnect", "offline",
  "sync", "conflict", "undo", "redo", "cursor", "selection", "export", "import", "PDF", "PNG", "SVG",
  "Excalidraw", "sticky", "arrow", "rectangle", "ellipse", "lunch", "coffee", "holiday", "vacation",
  "sick", "back", "later", "soon", "done", "finished", "started", "waiting", "blocked", "ship", "shipped",
  "approve", "approved", "LGTM", "nit", "typo", "rename", "refactor", "cleanup", "profile", "flamegraph",
  "perf", "valgrind", "sanitizer", "leak", "segfault", "backtrace", "gdb", "debian", "flatpak", "meson",
  "ninja", "compiler", "warning", "linker", "library", "dependency", "version", "tag", "changelog",
  "security", "certificate", "fingerprint", "invite", "token", "role", "owner", "editor", "viewer",
  "guest", "permission", "audit", "kubernetes", "idempotent", "quaternion", "serendipity", "bikeshed",
};

static const char *const bench_chat_accented[] = {
  "café", "résumé", "déjà", "naïve", "crème", "brûlée", "façade", "élève", "réunion", "prêt", "déjeuner",
  "été", "niño", "mañana", "señora", "año", "canción", "corazón", "está", "información", "Größe", "Straße",
  "Übersicht", "schön", "Bücher", "Änderung", "Prüfung", "Ärger", "für", "über",
};

static const char *const bench_chat_cjk[] = {
  "会议", "明天", "今天", "问题", "文件", "测试", "服务器", "版本", "发布", "设计", "谢谢", "好的", "已经",
  "完成", "数据库", "搜索", "消息", "同步", "错误", "修复",
  "会議", "資料", "確認", "お願い", "します", "ありがとう", "サーバー", "テスト", "リリース", "デザイン",
};

/* Zipf's weights of @n ranks, as a cumulative table of @n doubles (the
 * last is 1). */
static inline double *
bench_chat_zipf_table (guint n)
{
  double *cumulative = g_new (double, n);
  double sum = 0;

  for (guint r = 0; r < n; r++)
    cumulative[r] = sum += 1.0 / (r + 1);
  for (guint r = 0; r < n; r++)
    cumulative[r] /= sum;
  return cumulative;
}

/* A rank drawn from @cumulative (bench_chat_zipf_table() of @n). */
static inline guint
bench_chat_zipf_draw (const double *cumulative,
                      guint         n,
                      guint32      *state)
{
  double u = bench_xorshift_double (state);
  guint low = 0, high = n - 1;

  while (low < high)
    {
      guint mid = (low + high) / 2;

      if (cumulative[mid] < u)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

/* Counts @word once in @tally (word -> number of messages), unless the
 * message already counted it (@counted, @n_counted: its words so far). */
static inline void
bench_chat_tally (GHashTable  *tally,
                  const char  *word,
                  const char **counted,
                  guint       *n_counted)
{
  if (tally == NULL)
    return;
  for (guint i = 0; i < *n_counted; i++)
    if (counted[i] == word)
      return;
  counted[(*n_counted)++] = word;
  g_hash_table_insert (tally, (gpointer) word, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (tally, word)) + 1));
}

/* Appends the next message text to @out. @cumulative is
 * bench_chat_zipf_table() of the English vocabulary's length. @tally
 * (nullable; const char * -> guint, g_str_hash) counts, for each word,
 * the messages holding it: the vocabulary's strings themselves, or an
 * interned "#N". */
static inline void
bench_chat_text (GString      *out,
                 const double *cumulative,
                 guint32      *state,
                 GHashTable   *tally)
{
  guint n_english = G_N_ELEMENTS (bench_chat_english);
  const char *counted[32];
  guint n_counted = 0;
  guint words;

  if (bench_xorshift_double (state) < 0.05)
    {
      words = 2 + (guint) (bench_xorshift_double (state) * 3);
      for (guint i = 0; i < words; i++)
        {
          const char *word = bench_chat_cjk[(guint) (bench_xorshift_double (state) * G_N_ELEMENTS (bench_chat_cjk))];

          g_string_append (out, word);
          bench_chat_tally (tally, word, counted, &n_counted);
        }
      g_string_append (out, "。");
      return;
    }
  words = 3 + (guint) (bench_xorshift_double (state) * 22);
  for (guint i = 0; i < words; i++)
    {
      const char *word = bench_chat_english[bench_chat_zipf_draw (cumulative, n_english, state)];

      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, word);
      bench_chat_tally (tally, word, counted, &n_counted);
    }
  if (bench_xorshift_double (state) < 0.1)
    {
      const char *word = bench_chat_accented[(guint) (bench_xorshift_double (state) * G_N_ELEMENTS (bench_chat_accented))];

      g_string_append_printf (out, " %s", word);
      bench_chat_tally (tally, word, counted, &n_counted);
    }
  if (bench_xorshift_double (state) < 0.1)
    {
      guint number = 1 + (guint) (bench_xorshift_double (state) * 100000);

      g_string_append_printf (out, " #%u", number);
      if (tally != NULL)
        {
          char issue[16];

          g_snprintf (issue, sizeof issue, "#%u", number);
          bench_chat_tally (tally, g_intern_string (issue), counted, &n_counted);
        }
    }
  g_string_append_c (out, bench_xorshift_double (state) < 0.8 ? '.' : '?');
}
