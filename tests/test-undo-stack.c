/* test-undo-stack.c: per-user undo and redo among remote edits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "confer-core.h"

#define MS 1000     /* microseconds */

static void
apply (ConferRope   *rope,
       ConferTextOp *op)
{
  g_autoptr(GError) error = NULL;
  gboolean applied = confer_text_op_apply (op, rope, &error);

  g_assert_no_error (error);
  g_assert_true (applied);
}

static void
assert_text (ConferRope *rope,
             const char *expected)
{
  g_autofree char *text = confer_rope_to_string (rope, NULL);

  g_assert_cmpstr (text, ==, expected);
  g_assert_true (confer_rope_check (rope));
}

/* A local edit: recorded, then applied, as an editor does it. */
static void
local_edit (ConferUndoStack *stack,
            ConferRope      *rope,
            ConferTextOp    *op,
            gint64           time_us)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (confer_undo_stack_push_local (stack, op, rope, time_us, &error));
  g_assert_no_error (error);
  apply (rope, op);
}

/* Types @text one code point at a time from @pos, @step_us apart, starting
 * at @time_us. Returns the time of the last keystroke. */
static gint64
type_text (ConferUndoStack *stack,
           ConferRope      *rope,
           gsize            pos,
           const char      *text,
           gint64           time_us,
           gint64           step_us)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), pos++, time_us += step_us)
    {
      g_autoptr(ConferTextOp) op = confer_text_op_new_insert (pos, p, g_utf8_next_char (p) - p);

      local_edit (stack, rope, op, time_us);
    }
  return time_us - step_us;
}

/* A remote edit: applied, then the stack is told. */
static void
remote_edit (ConferUndoStack *stack,
             ConferRope      *rope,
             ConferTextOp    *op)
{
  apply (rope, op);
  confer_undo_stack_transform_remote (stack, op);
}

static void
remote_edit_json (ConferUndoStack *stack,
                  ConferRope      *rope,
                  const char      *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferTextOp) op = confer_text_op_new_from_string (json, &error);

  g_assert_no_error (error);
  remote_edit (stack, rope, op);
}

static void
undo (ConferUndoStack *stack,
      ConferRope      *rope)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferTextOp) op = confer_undo_stack_undo (stack, rope, &error);

  g_assert_no_error (error);
  g_assert_nonnull (op);
  apply (rope, op);
}

static void
redo (ConferUndoStack *stack,
      ConferRope      *rope)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferTextOp) op = confer_undo_stack_redo (stack, rope, &error);

  g_assert_no_error (error);
  g_assert_nonnull (op);
  apply (rope, op);
}

static void
assert_nothing_to_undo (ConferUndoStack *stack,
                        ConferRope      *rope)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferTextOp) op = NULL;

  g_assert_false (confer_undo_stack_can_undo (stack));
  op = confer_undo_stack_undo (stack, rope, &error);
  g_assert_no_error (error);
  g_assert_null (op);
}

/* Keystrokes closer than the merge interval are one step; a pause, a
 * group break or an undo starts a new one. */
static void
test_typing_groups (void)
{
  g_autoptr(ConferUndoStack) stack = confer_undo_stack_new (500);
  g_autoptr(ConferRope) rope = confer_rope_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferTextOp) nothing = NULL;
  g_autoptr(ConferTextOp) backspace = confer_text_op_new_delete (8, 1);
  gint64 t;

  t = type_text (stack, rope, 0, "hello", 0, 100 * MS);
  assert_text (rope, "hello");
  g_assert_cmpuint (confer_undo_stack_get_n_undo (stack), ==, 1);
  g_assert_false (confer_undo_stack_can_redo (stack));
  nothing = confer_undo_stack_redo (stack, rope, &error);
  g_assert_no_error (error);
  g_assert_null (nothing);

  undo (stack, rope);
  assert_text (rope, "");
  assert_nothing_to_undo (stack, rope);
  g_assert_true (confer_undo_stack_can_redo (stack));
  redo (stack, rope);
  assert_text (rope, "hello");
  g_assert_false (confer_undo_stack_can_redo (stack));
  undo (stack, rope);
  assert_text (rope, "");

  /* A pause longer than the interval: two steps. A new edit drops the
   * redo step. */
  t = type_text (stack, rope, 0, "he", t + 10 * 1000 * MS, 100 * MS);
  g_assert_false (confer_undo_stack_can_redo (stack));
  t = type_text (stack, rope, 2, "llo", t + 600 * MS, 100 * MS);
  g_assert_cmpuint (confer_undo_stack_get_n_undo (stack), ==, 2);
  undo (stack, rope);
  assert_text (rope, "he");
  undo (stack, rope);
  assert_text (rope, "");
  assert_nothing_to_undo (stack, rope);
  redo (stack, rope);
  assert_text (rope, "he");
  redo (stack, rope);
  assert_text (rope, "hello");

  /* A group break (the cursor moved) ends the step however fast the next
   * keystroke comes. */
  confer_undo_stack_clear (stack);
  g_assert_false (confer_undo_stack_can_undo (stack));
  t = type_text (stack, rope, 5, " wo", t + 10 * 1000 * MS, 10 * MS);
  confer_undo_stack_break_group (stack);
  t = type_text (stack, rope, 0, ">", t + 10 * MS, 10 * MS);
  assert_text (rope, ">hello wo");
  undo (stack, rope);
  assert_text (rope, "hello wo");
  undo (stack, rope);
  assert_text (rope, "hello");
  assert_nothing_to_undo (stack, rope);

  /* An undo ends the step too: typing right after it is a new step. */
  redo (stack, rope);
  t = type_text (stack, rope, 8, "rld", t + 10 * MS, 10 * MS);
  assert_text (rope, "hello world");
  g_assert_cmpuint (confer_undo_stack_get_n_undo (stack), ==, 2);
  undo (stack, rope);
  assert_text (rope, "hello wo");

  /* Typing and erasing within one step leaves nothing to undo. */
  confer_undo_stack_clear (stack);
  t = type_text (stack, rope, 8, "x", t + 10 * 1000 * MS, 10 * MS);
  local_edit (stack, rope, backspace, t + 10 * MS);
  assert_text (rope, "hello wo");
  assert_nothing_to_undo (stack, rope);
}

typedef struct
{
  const char *name;
  const char *base;
  gsize       a_pos;
  const char *a_text;
  const char *remote;         /* JSON, applies to base with A's text */
  const char *after_remote;
  const char *after_undo;     /* NULL: nothing left to undo */
  const char *after_redo;
} RemoteCase;

/* A types a word; B's edit arrives; A undoes: exactly A's word goes,
 * B's edit stays. Then A redoes. */
static void
test_undo_among_remote (void)
{
  static const RemoteCase cases[] = {
    { "before", "", 0, "Alice ", "[\"Bob \"]",
      "Bob Alice ", "Bob ", "Bob Alice " },
    { "after", "", 0, "Alice ", "[6,\"Bob \"]",
      "Alice Bob ", "Bob ", "Alice Bob " },
    { "inside", "", 0, "Alice ", "[3,\"Bob \"]",
      "AliBob ce ", "Bob ", "AliBob ce " },
    { "delete-part", "", 0, "Alice ", "[2,{\"d\":3}]",
      "Al ", "", "Al " },
    { "replace-part", "", 0, "Alice ", "[1,{\"d\":3},\"LIC\"]",
      "ALICe ", "LIC", "ALICe " },
    { "delete-around", "hello world", 6, "Alice ", "[4,{\"d\":9}]",
      "hellorld", NULL, NULL },
    { "delete-base", "hello world", 6, "Alice ", "[{\"d\":6}]",
      "Alice world", "world", "Alice world" },
    { "delete-across-end", "hello world", 6, "Alice ", "[9,{\"d\":5}]",
      "hello Alirld", "hello rld", "hello Alirld" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const RemoteCase *c = &cases[i];
      g_autoptr(ConferUndoStack) stack = confer_undo_stack_new (500);
      g_autoptr(ConferRope) rope = confer_rope_new_from_text (c->base, -1, NULL);

      g_test_message ("case %s", c->name);
      type_text (stack, rope, c->a_pos, c->a_text, 0, 50 * MS);
      g_assert_cmpuint (confer_undo_stack_get_n_undo (stack), ==, 1);
      remote_edit_json (stack, rope, c->remote);
      assert_text (rope, c->after_remote);

      if (c->after_undo == NULL)
        {
          assert_nothing_to_undo (stack, rope);
          assert_text (rope, c->after_remote);
          continue;
        }
      undo (stack, rope);
      assert_text (rope, c->after_undo);
      assert_nothing_to_undo (stack, rope);
      redo (stack, rope);
      assert_text (rope, c->after_redo);
      undo (stack, rope);
      assert_text (rope, c->after_undo);
    }
}

/* A deletes a word, B edits elsewhere and at the gap: the word comes back
 * where it was. */
static void
test_undo_delete (void)
{
  g_autoptr(ConferUndoStack) stack = confer_undo_stack_new (500);
  g_autoptr(ConferRope) rope = confer_rope_new_from_text ("the quick brown fox", -1, NULL);
  g_autoptr(ConferTextOp) del = confer_text_op_new_delete (4, 6);         /* "quick " */
  g_autoptr(ConferTextOp) del_the = confer_text_op_new_delete (5, 4);     /* "the " */

  local_edit (stack, rope, del, 0);
  assert_text (rope, "the brown fox");
  remote_edit_json (stack, rope, "[\"very \"]");
  remote_edit_json (stack, rope, "[18,\"!\"]");
  assert_text (rope, "very the brown fox!");
  undo (stack, rope);
  assert_text (rope, "very the quick brown fox!");
  redo (stack, rope);
  assert_text (rope, "very the brown fox!");
  undo (stack, rope);
  assert_text (rope, "very the quick brown fox!");

  /* B writes into the gap: the restored word goes before B's text (the
   * stack's entries win ties). */
  confer_undo_stack_clear (stack);
  local_edit (stack, rope, del_the, 10 * 1000 * MS);
  assert_text (rope, "very quick brown fox!");
  remote_edit_json (stack, rope, "[5,\"slow \"]");
  assert_text (rope, "very slow quick brown fox!");
  undo (stack, rope);
  assert_text (rope, "very the slow quick brown fox!");
}

/* B deletes the text right before A's deleted word: the word comes back,
 * B's delete stays. */
static void
test_undo_delete_next_to_remote_delete (void)
{
  g_autoptr(ConferUndoStack) stack = confer_undo_stack_new (500);
  g_autoptr(ConferRope) rope = confer_rope_new_from_text ("the quick brown fox", -1, NULL);
  g_autoptr(ConferTextOp) del = confer_text_op_new_delete (4, 6);         /* "quick " */

  local_edit (stack, rope, del, 0);
  remote_edit_json (stack, rope, "[{\"d\":4}]");
  assert_text (rope, "brown fox");
  undo (stack, rope);
  assert_text (rope, "quick brown fox");
  redo (stack, rope);
  assert_text (rope, "brown fox");
}

/* Emoji (ZWJ sequences, flags), combining marks, astral characters, on
 * both sides. */
static void
test_unicode (void)
{
  g_autoptr(ConferUndoStack) stack = confer_undo_stack_new (500);
  g_autoptr(ConferRope) rope = confer_rope_new_from_text ("cafe\u0301 😀", -1, NULL);
  g_autoptr(ConferTextOp) del = NULL;
  gint64 t;

  /* " 👩‍💻𝄞" is 5 code points (a ZWJ sequence of 3); typed at the end (7). */
  t = type_text (stack, rope, 7, " 👩‍💻𝄞", 0, 10 * MS);
  assert_text (rope, "cafe\u0301 😀 👩‍💻𝄞");
  remote_edit_json (stack, rope, "[\"x\u0301\"]");
  remote_edit_json (stack, rope, "[11,\"🇫🇷\"]");          /* inside the ZWJ sequence */
  assert_text (rope, "x\u0301cafe\u0301 😀 👩🇫🇷\u200d💻𝄞");
  undo (stack, rope);
  assert_text (rope, "x\u0301cafe\u0301 😀🇫🇷");
  redo (stack, rope);
  assert_text (rope, "x\u0301cafe\u0301 😀 👩🇫🇷\u200d💻𝄞");

  /* A deletes "e\u0301" (2 code points at 5); B puts a flag in the gap
   * and removes the emoji. */
  confer_undo_stack_clear (stack);
  del = confer_text_op_new_delete (5, 2);
  local_edit (stack, rope, del, t + 10 * 1000 * MS);
  assert_text (rope, "x\u0301caf 😀 👩🇫🇷\u200d💻𝄞");
  remote_edit_json (stack, rope, "[5,\"🇩🇪\",1,{\"d\":1}]");
  assert_text (rope, "x\u0301caf🇩🇪  👩🇫🇷\u200d💻𝄞");
  undo (stack, rope);
  assert_text (rope, "x\u0301cafe\u0301🇩🇪  👩🇫🇷\u200d💻𝄞");
}

/* Errors: an edit that does not fit its text, and a history that missed
 * an edit. */
static void
test_errors (void)
{
  g_autoptr(ConferUndoStack) stack = confer_undo_stack_new (500);
  g_autoptr(ConferRope) rope = confer_rope_new_from_text ("abc", -1, NULL);
  g_autoptr(ConferRope) other = confer_rope_new_from_text ("abcxyz", -1, NULL);
  g_autoptr(ConferTextOp) past_end = confer_text_op_new_insert (10, "x", -1);
  g_autoptr(ConferTextOp) op = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (confer_undo_stack_push_local (stack, past_end, rope, 0, &error));
  g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_SKIP_PAST_END);
  g_clear_error (&error);
  g_assert_false (confer_undo_stack_can_undo (stack));

  type_text (stack, rope, 3, "def", 0, 10 * MS);
  op = confer_undo_stack_undo (stack, other, &error);
  g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_DELETE_MISMATCH);
  g_assert_null (op);
  g_assert_true (confer_undo_stack_can_undo (stack));
  g_assert_false (confer_undo_stack_can_redo (stack));
  undo (stack, rope);
  assert_text (rope, "abc");
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* The depth limit drops the oldest steps; can-undo and can-redo notify. */
static void
test_max_depth (void)
{
  g_autoptr(ConferUndoStack) stack = confer_undo_stack_new (0);
  g_autoptr(ConferRope) rope = confer_rope_new ();
  guint n_can_undo = 0, n_can_redo = 0;

  g_assert_cmpuint (confer_undo_stack_get_max_depth (stack), ==, CONFER_UNDO_STACK_DEFAULT_MAX_DEPTH);
  g_signal_connect (stack, "notify::can-undo", G_CALLBACK (count_notify), &n_can_undo);
  g_signal_connect (stack, "notify::can-redo", G_CALLBACK (count_notify), &n_can_redo);
  confer_undo_stack_set_max_depth (stack, 3);

  type_text (stack, rope, 0, "abcde", 0, 0);    /* merge interval 0: five steps */
  g_assert_cmpuint (n_can_undo, ==, 1);
  g_assert_cmpuint (confer_undo_stack_get_n_undo (stack), ==, 3);
  undo (stack, rope);
  undo (stack, rope);
  g_assert_cmpuint (n_can_redo, ==, 1);
  undo (stack, rope);
  assert_text (rope, "ab");
  assert_nothing_to_undo (stack, rope);
  g_assert_cmpuint (n_can_undo, ==, 2);
  g_assert_cmpuint (confer_undo_stack_get_n_redo (stack), ==, 3);

  confer_undo_stack_set_max_depth (stack, 1);
  g_assert_cmpuint (confer_undo_stack_get_n_redo (stack), ==, 1);
  redo (stack, rope);
  assert_text (rope, "abc");
  g_assert_cmpuint (n_can_redo, ==, 2);
}

/* The randomized test. Three kinds of character, each told apart by code
 * point: the original text (unique CJK ideographs), remote inserts (unique
 * Hangul syllables, "markers") and local inserts (anything else, from
 * @local_alphabet). Local edits never delete markers; remote edits delete
 * anything. Whatever happens, the markers keep the order they were
 * inserted in and the original text keeps its order; after undoing every
 * local step no local character is left and the original text is back
 * except what remote edits deleted. */

#define ORIGINAL_BASE 0x4E00
#define MARKER_BASE   0xAC00

static const char *local_alphabet[] = {
  "a", "b", "x", " ", "\n", "é", "e\u0301", "\u0308", "😀", "👩‍💻", "🇫🇷", "𝄞",
};

static gboolean
is_original (gunichar c)
{
  return c >= ORIGINAL_BASE && c < ORIGINAL_BASE + 0x1000;
}

static gboolean
is_marker (gunichar c)
{
  return c >= MARKER_BASE && c < MARKER_BASE + 0x1000;
}

typedef struct
{
  GRand           *rand;
  ConferUndoStack *stack;
  ConferRope      *rope;
  GArray          *originals;    /* gunichar: the original text less remote deletes */
  GArray          *markers;      /* gunichar: the remote inserts, in order, less remote deletes */
  guint            n_markers;
  gint64           time_us;
} Round;

static gunichar *
round_chars (Round *r,
             glong *n_chars)
{
  g_autofree char *text = confer_rope_to_string (r->rope, NULL);

  return g_utf8_to_ucs4_fast (text, -1, n_chars);
}

static void
array_remove_char (GArray   *array,
                   gunichar  c)
{
  for (guint i = 0; i < array->len; i++)
    if (g_array_index (array, gunichar, i) == c)
      {
        g_array_remove_index (array, i);
        return;
      }
  g_assert_not_reached ();
}

/* The invariants that hold after every step; with @all_undone, the
 * outcome of undoing every local step. */
static void
check_round (Round    *r,
             gboolean  all_undone)
{
  g_autofree gunichar *chars = NULL;
  glong n_chars;
  guint next_original = 0, next_marker = 0;

  g_assert_true (confer_rope_check (r->rope));
  chars = round_chars (r, &n_chars);
  for (glong i = 0; i < n_chars; i++)
    {
      if (is_marker (chars[i]))
        {
          g_assert_cmpuint (next_marker, <, r->markers->len);
          g_assert_cmphex (chars[i], ==, g_array_index (r->markers, gunichar, next_marker));
          next_marker++;
        }
      else if (is_original (chars[i]))
        {
          /* The original text present is a subsequence of the model. */
          while (next_original < r->originals->len &&
                 g_array_index (r->originals, gunichar, next_original) != chars[i])
            {
              g_assert_false (all_undone);
              next_original++;
            }
          g_assert_cmpuint (next_original, <, r->originals->len);
          next_original++;
        }
      else
        g_assert_false (all_undone);
    }
  g_assert_cmpuint (next_marker, ==, r->markers->len);
  if (all_undone)
    g_assert_cmpuint (next_original, ==, r->originals->len);
}

static void
random_local_edit (Round *r)
{
  g_autoptr(ConferTextOp) op = confer_text_op_new ();
  g_autofree gunichar *chars = NULL;
  glong n_chars;
  gsize pos, n_delete = 0;
  guint kind = g_rand_int_range (r->rand, 0, 3);     /* insert, delete, replace */

  chars = round_chars (r, &n_chars);
  pos = g_rand_int_range (r->rand, 0, n_chars + 1);
  if (kind != 0)
    {
      gsize max = g_rand_int_range (r->rand, 1, 5);

      while (n_delete < max && pos + n_delete < (gsize) n_chars && !is_marker (chars[pos + n_delete]))
        n_delete++;
    }

  confer_text_op_skip (op, pos);
  confer_text_op_delete (op, n_delete);
  if (kind != 1 || n_delete == 0)
    for (guint n = g_rand_int_range (r->rand, 1, 4); n > 0; n--)
      {
        const char *s = local_alphabet[g_rand_int_range (r->rand, 0, G_N_ELEMENTS (local_alphabet))];

        confer_text_op_insert (op, s, strlen (s), g_utf8_strlen (s, -1));
      }
  confer_text_op_trim (op);

  r->time_us += g_rand_boolean (r->rand) ? 50 * MS : 1000 * MS;
  local_edit (r->stack, r->rope, op, r->time_us);
}

static void
random_remote_edit (Round *r)
{
  g_autoptr(ConferTextOp) op = confer_text_op_new ();
  g_autofree gunichar *chars = NULL;
  glong n_chars;
  gsize pos;

  chars = round_chars (r, &n_chars);
  pos = g_rand_int_range (r->rand, 0, n_chars + 1);
  confer_text_op_skip (op, pos);

  if (g_rand_int_range (r->rand, 0, 3) == 0 && pos < (gsize) n_chars)
    {
      gsize n_delete = g_rand_int_range (r->rand, 1, 4);

      n_delete = MIN (n_delete, n_chars - pos);

      for (gsize i = pos; i < pos + n_delete; i++)
        if (is_marker (chars[i]))
          array_remove_char (r->markers, chars[i]);
        else if (is_original (chars[i]))
          array_remove_char (r->originals, chars[i]);
      confer_text_op_delete (op, n_delete);
    }
  else
    {
      guint index = 0;

      for (gsize i = 0; i < pos; i++)
        index += is_marker (chars[i]);
      for (guint n = g_rand_int_range (r->rand, 1, 3); n > 0; n--, index++)
        {
          gunichar marker = MARKER_BASE + r->n_markers++;
          char buf[6];
          gsize n_bytes = g_unichar_to_utf8 (marker, buf);

          confer_text_op_insert (op, buf, n_bytes, 1);
          g_array_insert_val (r->markers, index, marker);
        }
    }
  confer_text_op_trim (op);
  remote_edit (r->stack, r->rope, op);
}

static gboolean
maybe_undo (Round    *r,
            gboolean  is_redo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferTextOp) op = NULL;

  if (is_redo)
    op = confer_undo_stack_redo (r->stack, r->rope, &error);
  else
    op = confer_undo_stack_undo (r->stack, r->rope, &error);
  g_assert_no_error (error);
  if (op == NULL)
    return FALSE;
  apply (r->rope, op);
  return TRUE;
}

static void
test_random (void)
{
  guint n_rounds = g_test_thorough () ? 20000 : 3000;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  for (guint round = 0; round < n_rounds; round++)
    {
      g_autoptr(ConferUndoStack) stack = confer_undo_stack_new (300);
      g_autoptr(GString) original = g_string_new (NULL);
      g_autoptr(GArray) originals = g_array_new (FALSE, FALSE, sizeof (gunichar));
      g_autoptr(GArray) markers = g_array_new (FALSE, FALSE, sizeof (gunichar));
      g_autoptr(ConferRope) rope = NULL;
      g_autofree char *before_undo = NULL;
      g_autofree char *after_undo = NULL;
      g_autofree char *text = NULL;
      Round r = { rand, stack, NULL, originals, markers, 0, 0 };
      gboolean remote_while_undoing = g_rand_boolean (rand);
      guint n_redo_before;

      for (guint i = g_rand_int_range (rand, 0, 12); i > 0; i--)
        {
          gunichar c = ORIGINAL_BASE + originals->len;

          g_string_append_unichar (original, c);
          g_array_append_val (originals, c);
        }
      rope = confer_rope_new_from_text (original->str, -1, NULL);
      r.rope = rope;

      for (guint step = g_rand_int_range (rand, 1, 40); step > 0; step--)
        {
          guint action = g_rand_int_range (rand, 0, 100);

          if (action < 45)
            random_local_edit (&r);
          else if (action < 75)
            random_remote_edit (&r);
          else if (action < 87)
            maybe_undo (&r, FALSE);
          else if (action < 95)
            maybe_undo (&r, TRUE);
          else
            confer_undo_stack_break_group (stack);
          check_round (&r, FALSE);
        }

      /* Undo everything, with or without remote edits in between. */
      before_undo = confer_rope_to_string (rope, NULL);
      n_redo_before = confer_undo_stack_get_n_redo (stack);
      do
        {
          if (remote_while_undoing && g_rand_boolean (rand))
            random_remote_edit (&r);
          check_round (&r, FALSE);
        }
      while (maybe_undo (&r, FALSE));
      g_assert_false (confer_undo_stack_can_undo (stack));
      check_round (&r, TRUE);
      if (remote_while_undoing)
        continue;

      /* Redo what was just undone (the redo steps left from the random
       * phase stay): back to the text before the undos; undo everything
       * again: back to the undone text. */
      after_undo = confer_rope_to_string (rope, NULL);
      while (confer_undo_stack_get_n_redo (stack) > n_redo_before)
        {
          g_assert_true (maybe_undo (&r, TRUE));
          check_round (&r, FALSE);
        }
      text = confer_rope_to_string (rope, NULL);
      g_assert_cmpstr (text, ==, before_undo);
      g_clear_pointer (&text, g_free);
      while (maybe_undo (&r, FALSE))
        ;
      text = confer_rope_to_string (rope, NULL);
      g_assert_cmpstr (text, ==, after_undo);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/undo-stack/typing-groups", test_typing_groups);
  g_test_add_func ("/undo-stack/undo-among-remote", test_undo_among_remote);
  g_test_add_func ("/undo-stack/undo-delete", test_undo_delete);
  g_test_add_func ("/undo-stack/undo-delete-next-to-remote-delete",
                   test_undo_delete_next_to_remote_delete);
  g_test_add_func ("/undo-stack/unicode", test_unicode);
  g_test_add_func ("/undo-stack/errors", test_errors);
  g_test_add_func ("/undo-stack/max-depth", test_max_depth);
  g_test_add_func ("/undo-stack/random", test_random);

  return g_test_run ();
}
