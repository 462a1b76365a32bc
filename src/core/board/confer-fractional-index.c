/* confer-fractional-index.c: z-order keys for board elements, compatible
 * with the npm package fractional-indexing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A key is an integer part followed by a fractional part, both written in
 * the base-62 digits `0-9A-Za-z`. The integer part starts with a head letter
 * that gives its length: `a` to `z` are 2 to 27 characters long and count
 * up, `Z` to `A` are 2 to 27 characters long and count down, so `Zz` < `a0`
 * < `a1` < `az` < `b00`. The fractional part never ends in `0`, which is
 * what keeps a key strictly between any two others possible. Keys sort in
 * plain byte order (strcmp()).
 *
 * The algorithm is David Greenspan's, "Implementing Fractional Indexing"
 * (https://observablehq.com/@dgreensp/implementing-fractional-indexing),
 * with its variable-length integers and its prepend/append optimisation,
 * as the npm package fractional-indexing 4.0.0 by Rocicorp implements it
 * (https://github.com/rocicorp/fractional-indexing). This file is written
 * from the algorithm, not from the package's source, but gives the same
 * bytes and refuses the same input; tests/vectors/fractional-index-oracle.mjs
 * checks it against the package.
 *
 * Like the package, a character that is not a digit counts as the digit 0
 * wherever a digit's value is needed, but keeps its own byte where keys are
 * compared or copied. Unlike it, a key holding a byte outside ASCII is
 * refused: the package works on UTF-16 code units, which bytes cannot
 * reproduce.
 */
#define G_LOG_DOMAIN "confer-fractional-index"

#include "config.h"

#include <string.h>

#include "confer-core-error.h"
#include "confer-fractional-index.h"

#define DIGITS CONFER_FRACTIONAL_INDEX_DIGITS
#define N_DIGITS 62
#define HEADS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#define N_HEADS 52
/* The longest integer part, the one `A` and `z` start. */
#define MAX_INTEGER_LENGTH 27
/* The smallest integer, `A` and 26 zeros: no key could come before it, so
 * the package refuses it as a bound (though it returns it as the key before
 * `A0000000000000000000000001`). */
#define SMALLEST_INTEGER "A00000000000000000000000000"

/* A digit's value; anything else counts as 0, as in the package. Keys
 * are ASCII by the time a digit is looked up. */
static const guint8 digit_values[128] = {
  ['0'] = 0, ['1'] = 1, ['2'] = 2, ['3'] = 3, ['4'] = 4, ['5'] = 5, ['6'] = 6, ['7'] = 7,
  ['8'] = 8, ['9'] = 9, ['A'] = 10, ['B'] = 11, ['C'] = 12, ['D'] = 13, ['E'] = 14, ['F'] = 15,
  ['G'] = 16, ['H'] = 17, ['I'] = 18, ['J'] = 19, ['K'] = 20, ['L'] = 21, ['M'] = 22, ['N'] = 23,
  ['O'] = 24, ['P'] = 25, ['Q'] = 26, ['R'] = 27, ['S'] = 28, ['T'] = 29, ['U'] = 30, ['V'] = 31,
  ['W'] = 32, ['X'] = 33, ['Y'] = 34, ['Z'] = 35, ['a'] = 36, ['b'] = 37, ['c'] = 38, ['d'] = 39,
  ['e'] = 40, ['f'] = 41, ['g'] = 42, ['h'] = 43, ['i'] = 44, ['j'] = 45, ['k'] = 46, ['l'] = 47,
  ['m'] = 48, ['n'] = 49, ['o'] = 50, ['p'] = 51, ['q'] = 52, ['r'] = 53, ['s'] = 54, ['t'] = 55,
  ['u'] = 56, ['v'] = 57, ['w'] = 58, ['x'] = 59, ['y'] = 60, ['z'] = 61,
};

static inline guint
digit_value (char c)
{
  return digit_values[c & 0x7f];
}

static inline gboolean
is_digit (char c)
{
  return g_ascii_isalnum (c);
}

/* The length of the integer part each head starts, 0 for a character that
 * is not a head: 2 next to the middle of HEADS (`Z`, `a`), 27 at its ends
 * (`A`, `z`). */
static const guint8 integer_lengths[128] = {
  ['A'] = 27, ['B'] = 26, ['C'] = 25, ['D'] = 24, ['E'] = 23, ['F'] = 22, ['G'] = 21, ['H'] = 20,
  ['I'] = 19, ['J'] = 18, ['K'] = 17, ['L'] = 16, ['M'] = 15, ['N'] = 14, ['O'] = 13, ['P'] = 12,
  ['Q'] = 11, ['R'] = 10, ['S'] = 9, ['T'] = 8, ['U'] = 7, ['V'] = 6, ['W'] = 5, ['X'] = 4,
  ['Y'] = 3, ['Z'] = 2, ['a'] = 2, ['b'] = 3, ['c'] = 4, ['d'] = 5, ['e'] = 6, ['f'] = 7,
  ['g'] = 8, ['h'] = 9, ['i'] = 10, ['j'] = 11, ['k'] = 12, ['l'] = 13, ['m'] = 14, ['n'] = 15,
  ['o'] = 16, ['p'] = 17, ['q'] = 18, ['r'] = 19, ['s'] = 20, ['t'] = 21, ['u'] = 22, ['v'] = 23,
  ['w'] = 24, ['x'] = 25, ['y'] = 26, ['z'] = 27,
};

/* A head's place in HEADS, or -1 for a character that is not a head. */
static inline int
head_index (char c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  return -1;
}

static inline gsize
integer_length (int index)
{
  return integer_lengths[(guchar) HEADS[index]];
}

static inline gsize
head_integer_length (char head)
{
  return integer_lengths[head & 0x7f];
}

/* Byte order, a shorter string before any it starts; JavaScript's string
 * order for ASCII. */
static inline int
compare_slices (const char *a,
                gsize       la,
                const char *b,
                gsize       lb)
{
  int cmp = memcmp (a, b, MIN (la, lb));

  if (cmp != 0)
    return cmp;
  return (la > lb) - (la < lb);
}

typedef enum
{
  KEY_NOT_ASCII,
  KEY_SMALLEST_INTEGER,
  KEY_EMPTY,
  KEY_BAD_HEAD,
  KEY_TOO_SHORT,
  KEY_TRAILING_ZERO,
} KeyFault;

/* The messages start with the package's own. Out of line, so that the
 * checks on the hot path stay small. */
G_NO_INLINE static void
refuse_key (const char  *key,
            KeyFault     fault,
            GError     **error)
{
  gsize i = 0;

  switch (fault)
    {
    case KEY_NOT_ASCII:
      while ((guchar) key[i] < 0x80)
        i++;
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_POSITION,
                   "invalid order key: byte %u of the key is 0x%02x, not ASCII",
                   (guint) i, (guchar) key[i]);
      break;
    case KEY_SMALLEST_INTEGER:
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_POSITION,
                   "invalid order key: %s (the smallest integer; nothing could come before it)", key);
      break;
    case KEY_EMPTY:
      g_set_error_literal (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_POSITION,
                           "invalid order key head: the key is empty");
      break;
    case KEY_BAD_HEAD:
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_POSITION,
                   "invalid order key head: %c (a key starts with a letter A-Z or a-z)", key[0]);
      break;
    case KEY_TOO_SHORT:
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_POSITION,
                   "invalid order key: %s (the head %c needs an integer part of %u characters)",
                   key, key[0], (guint) head_integer_length (key[0]));
      break;
    case KEY_TRAILING_ZERO:
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_POSITION,
                   "invalid order key: %s (its fractional part ends in 0)", key);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The package's validateOrderKey(), plus the ASCII rule. Sets the key's
 * length and its integer part's length. */
static inline gboolean
check_key (const char  *key,
           gsize       *length,
           gsize       *int_length,
           GError     **error)
{
  gsize n = 0, int_n;
  guchar high = 0;
  KeyFault fault;

  /* Keys are short: one pass for the length and the ASCII check. */
  for (guchar c; (c = key[n]) != '\0'; n++)
    high |= c;
  int_n = head_integer_length (key[0]);
  if (G_UNLIKELY (high >= 0x80))
    fault = KEY_NOT_ASCII;
  else if (G_UNLIKELY (n == sizeof SMALLEST_INTEGER - 1 && memcmp (key, SMALLEST_INTEGER, n) == 0))
    fault = KEY_SMALLEST_INTEGER;
  else if (G_UNLIKELY (n == 0))
    fault = KEY_EMPTY;
  else if (G_UNLIKELY (int_n == 0))
    fault = KEY_BAD_HEAD;
  else if (G_UNLIKELY (int_n > n))
    fault = KEY_TOO_SHORT;
  else if (G_UNLIKELY (n > int_n && key[n - 1] == '0'))
    fault = KEY_TRAILING_ZERO;
  else
    {
      *length = n;
      *int_length = int_n;
      return TRUE;
    }
  refuse_key (key, fault, error);
  return FALSE;
}

G_NO_INLINE static void
refuse_integer (const char  *x,
                gsize        len,
                GError     **error)
{
  g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_POSITION,
               "invalid integer part of order key: %.*s", (int) len, x);
}

/* The package's validateInteger(). Callers only pass integer parts of keys
 * check_key() accepted, so it never fails; it stays as the package has it. */
static inline gboolean
check_integer (const char  *x,
               gsize        len,
               GError     **error)
{
  if (G_UNLIKELY (head_integer_length (x[0]) != len))
    {
      refuse_integer (x, len, error);
      return FALSE;
    }
  return TRUE;
}

/* Writes the integer after @x (its @len characters) to @out: at most
 * MAX_INTEGER_LENGTH characters. Returns the length written, 0 when @x is
 * the largest integer, -1 with @error set. */
static inline gssize
increment_integer (const char  *x,
                   gsize        len,
                   char        *out,
                   GError     **error)
{
  int head;
  gsize new_length;

  if (!check_integer (x, len, error))
    return -1;
  /* Copy, then add one from the right: the digits past the one that
   * takes the carry become 0. */
  memcpy (out, x, len);
  for (gsize i = len - 1; i >= 1; i--)
    {
      guint d = digit_value (x[i]) + 1;

      if (d < N_DIGITS)
        {
          out[i] = DIGITS[d];
          return len;
        }
      out[i] = '0';
    }
  /* Every digit carried: the next head, and zeros as many as it wants. */
  head = head_index (x[0]);
  if (head == N_HEADS - 1)
    return 0;
  new_length = integer_length (head + 1);
  out[0] = HEADS[head + 1];
  memset (out + 1, '0', new_length - 1);
  return new_length;
}

/* Writes the integer before @x to @out, as increment_integer() the one
 * after; 0 when @x is the smallest integer. */
static inline gssize
decrement_integer (const char  *x,
                   gsize        len,
                   char        *out,
                   GError     **error)
{
  int head;
  gsize new_length;

  if (!check_integer (x, len, error))
    return -1;
  memcpy (out, x, len);
  for (gsize i = len - 1; i >= 1; i--)
    {
      guint d = digit_value (x[i]);

      if (d > 0)
        {
          out[i] = DIGITS[d - 1];
          return len;
        }
      out[i] = DIGITS[N_DIGITS - 1];
    }
  head = head_index (x[0]);
  if (head == 0)
    return 0;
  new_length = integer_length (head - 1);
  out[0] = HEADS[head - 1];
  memset (out + 1, DIGITS[N_DIGITS - 1], new_length - 1);
  return new_length;
}

/* Writes to @out a fractional part strictly between @a and @b (@b absent
 * when @has_b is FALSE: no upper end), the package's midpoint(): drop the
 * common prefix (reading @a as padded with zeros), then the digit halfway
 * between the first digits if there is room, else @b's first digit if @b
 * goes on, else @a's first digit and a fraction after the rest of @a.
 * Writes at most MAX (la, lb) + 1 characters. Returns the length written,
 * or -1 with @error set. */
static gssize
midpoint (const char  *a,
          gsize        la,
          const char  *b,
          gsize        lb,
          gboolean     has_b,
          char        *out,
          GError     **error)
{
  char *p = out;

  for (;;)
    {
      guint da, db;

      if (has_b && compare_slices (a, la, b, lb) >= 0)
        {
          g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_POSITION,
                       "%.*s >= %.*s (the two keys are equal)", (int) la, a, (int) lb, b);
          return -1;
        }
      if ((la > 0 && a[la - 1] == '0') || (has_b && lb > 0 && b[lb - 1] == '0'))
        {
          g_set_error_literal (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_POSITION,
                               "trailing zero");
          return -1;
        }
      if (has_b)
        {
          gsize n = 0;

          while (n < lb && (n < la ? a[n] : '0') == b[n])
            n++;
          if (n > 0)
            {
              memcpy (p, b, n);
              p += n;
              a += MIN (n, la);
              la -= MIN (n, la);
              b += n;
              lb -= n;
              continue;
            }
        }

      /* @b is not empty here: the first check refuses an empty @b. */
      da = la > 0 ? digit_value (a[0]) : 0;
      db = has_b ? digit_value (b[0]) : N_DIGITS;
      if ((int) db - (int) da > 1)
        {
          /* JavaScript's Math.round (0.5 * (da + db)): halves round up. */
          *p++ = DIGITS[(da + db + 1) / 2];
          break;
        }
      if (has_b && lb > 1)
        {
          *p++ = b[0];
          break;
        }
      *p++ = DIGITS[da];
      if (la > 0)
        {
          a++;
          la--;
        }
      has_b = FALSE;
    }
  return p - out;
}

/* generateKeyBetween() into @out, which holds at least
 * MAX (len a, len b) + MAX_INTEGER_LENGTH + 2 bytes: every branch below
 * writes either an integer (at most MAX_INTEGER_LENGTH + 1 characters) or a
 * key's integer part and a midpoint of fractional parts (at most the longer
 * key's length + 1). Returns the length written, NUL excluded, or -1. */
static gssize
key_between (const char  *a,
             gsize        la,
             gsize        ia,
             const char  *b,
             gsize        lb,
             gsize        ib,
             char        *out,
             GError     **error)
{
  gssize n;

  if (a == NULL && b == NULL)
    {
      out[0] = 'a';
      out[1] = '0';
      return 2;
    }

  if (a == NULL)
    {
      if (ib == sizeof SMALLEST_INTEGER - 1 && memcmp (b, SMALLEST_INTEGER, ib) == 0)
        {
          memcpy (out, b, ib);
          n = midpoint ("", 0, b + ib, lb - ib, TRUE, out + ib, error);
          return n < 0 ? -1 : (gssize) ib + n;
        }
      if (ib < lb)
        {
          /* The integer part alone comes before a key with a fraction. */
          memcpy (out, b, ib);
          return ib;
        }
      n = decrement_integer (b, ib, out, error);
      if (n == 0)
        g_set_error_literal (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_POSITION,
                             "cannot decrement any more");
      return n > 0 ? n : -1;
    }

  if (b == NULL)
    {
      n = increment_integer (a, ia, out, error);
      if (n != 0)
        return n;
      memcpy (out, a, ia);
      n = midpoint (a + ia, la - ia, NULL, 0, FALSE, out + ia, error);
      return n < 0 ? -1 : (gssize) ia + n;
    }

  if (ia == ib && memcmp (a, b, ia) == 0)
    {
      memcpy (out, a, ia);
      n = midpoint (a + ia, la - ia, b + ib, lb - ib, TRUE, out + ia, error);
      return n < 0 ? -1 : (gssize) ia + n;
    }
  n = increment_integer (a, ia, out, error);
  if (n < 0)
    return -1;
  if (n == 0)
    {
      g_set_error_literal (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_POSITION,
                           "cannot increment any more");
      return -1;
    }
  if (compare_slices (out, n, b, lb) < 0)
    return n;
  memcpy (out, a, ia);
  n = midpoint (a + ia, la - ia, NULL, 0, FALSE, out + ia, error);
  return n < 0 ? -1 : (gssize) ia + n;
}

/**
 * confer_fractional_index_is_valid:
 * @key: (nullable): a string that should be a key, such as an element's
 *   `index` from another party
 *
 * Checks @key the way the package fractional-indexing 4.0.0 checks a bound
 * (its validateOrderKey(): a head letter, an integer part as long as the
 * head says, no fractional part ending in `0`, not the smallest integer `A`
 * and 26 `0`s), and also that every character is one of the base-62
 * digits `0-9A-Za-z`. The package tolerates other characters, counting
 * them as the digit 0, but keys it makes never hold them and they can
 * leave no room for confer_fractional_index_between_for(). A valid key
 * works as a bound for every function here.
 *
 * Returns: %TRUE if @key is a valid key; %FALSE for %NULL
 */
gboolean
confer_fractional_index_is_valid (const char *key)
{
  gsize length, int_length;

  if (key == NULL || !check_key (key, &length, &int_length, NULL))
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!is_digit (key[i]))
      return FALSE;
  return TRUE;
}

/**
 * confer_fractional_index_between:
 * @a: (nullable): the key before, or %NULL for the start of the order
 * @b: (nullable): the key after, or %NULL for the end of the order
 * @error: return location for a #GError
 *
 * Makes a key that sorts strictly between @a and @b, the way
 * `generateKeyBetween (a, b)` of the npm package fractional-indexing 4.0.0
 * does with its default digits, byte for byte: `a0` for two %NULLs, the next
 * integer after @a when @b is %NULL (`a0`, `a1`, … `az`, `b00`), the integer
 * part of @b, or the integer before it, when @a is %NULL, and otherwise the
 * shortest midpoint of the two fractional parts. Like the package, it
 * accepts @a and @b in either order and swaps them when @a sorts after @b,
 * and before `A0000000000000000000000001` it returns the smallest integer,
 * `A` and 26 `0`s, which it then refuses as a bound (use
 * confer_fractional_index_between_for(), whose keys never are that one).
 *
 * Keys sort in byte order: compare them with strcmp(), never with a
 * collation (g_utf8_collate() would put `a` and `A` together).
 *
 * The algorithm is David Greenspan's "Implementing Fractional Indexing"
 * (https://observablehq.com/@dgreensp/implementing-fractional-indexing),
 * with variable-length integer parts, as fractional-indexing by Rocicorp
 * implements it (https://github.com/rocicorp/fractional-indexing).
 *
 * Returns: (transfer full) (nullable): the new key, ASCII, and in the
 *   base-62 digits when @a and @b are; or %NULL with
 *   %CONFER_CORE_ERROR_INVALID_POSITION set, its message starting with the
 *   package's own: "invalid order key head" (@a or @b does not start with
 *   a letter, or is empty, where the package throws a TypeError),
 *   "invalid order key" (@a or @b is shorter than its head letter says,
 *   has a fractional part ending in `0`, is the smallest integer, or, as
 *   Confer alone refuses, holds a byte outside ASCII), "A >= B" (@a and @b
 *   are the same key; A and B are their fractional parts), "cannot
 *   increment any more" or "cannot decrement any more" (no key fits: only
 *   bounds holding characters outside the digits get there)
 */
char *
confer_fractional_index_between (const char  *a,
                                 const char  *b,
                                 GError     **error)
{
  gsize la = 0, lb = 0, ia = 0, ib = 0;
  char *heap = NULL;
  char stack[128];
  gsize size;
  gssize n;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (a != NULL && !check_key (a, &la, &ia, error))
    return NULL;
  if (b != NULL && !check_key (b, &lb, &ib, error))
    return NULL;
  if (a != NULL && b != NULL && compare_slices (a, la, b, lb) > 0)
    {
      const char *key = a;
      gsize length = la, int_length = ia;

      a = b, la = lb, ia = ib;
      b = key, lb = length, ib = int_length;
    }

  /* Short keys, nearly all of them, are made on the stack and copied once. */
  size = MAX (la, lb) + MAX_INTEGER_LENGTH + 2;
  if (size > sizeof stack)
    heap = g_malloc (size);
  n = key_between (a, la, ia, b, lb, ib, heap != NULL ? heap : stack, error);
  if (n < 0)
    {
      g_free (heap);
      return NULL;
    }
  g_assert ((gsize) n < size);
  if (heap == NULL)
    {
      heap = g_malloc (n + 1);
      memcpy (heap, stack, n);
    }
  heap[n] = '\0';
  return heap;
}

/* generateNKeysBetween() into @keys[0 .. @n - 1]. */
static gboolean
fill_between (const char  *a,
              const char  *b,
              guint        n,
              char       **keys,
              GError     **error)
{
  guint mid;

  if (n == 0)
    return TRUE;
  if (n == 1 || a == NULL || b == NULL)
    {
      keys[0] = confer_fractional_index_between (a, b, error);
      if (keys[0] == NULL)
        return FALSE;
    }
  if (n == 1)
    return TRUE;

  if (b == NULL)
    {
      /* Consecutive integers after @a. */
      for (guint i = 1; i < n; i++)
        if ((keys[i] = confer_fractional_index_between (keys[i - 1], NULL, error)) == NULL)
          return FALSE;
      return TRUE;
    }
  if (a == NULL)
    {
      /* Consecutive integers before @b, made from the last one back. */
      keys[n - 1] = g_steal_pointer (&keys[0]);
      for (guint i = n - 1; i > 0; i--)
        if ((keys[i - 1] = confer_fractional_index_between (NULL, keys[i], error)) == NULL)
          return FALSE;
      return TRUE;
    }

  /* The midpoint first, then each half the same way. */
  mid = n / 2;
  keys[mid] = confer_fractional_index_between (a, b, error);
  if (keys[mid] == NULL)
    return FALSE;
  return fill_between (a, keys[mid], mid, keys, error) &&
         fill_between (keys[mid], b, n - mid - 1, keys + mid + 1, error);
}

/**
 * confer_fractional_index_n_between:
 * @a: (nullable): the key before, or %NULL for the start of the order
 * @b: (nullable): the key after, or %NULL for the end of the order
 * @n: how many keys to make, 0 or more
 * @error: return location for a #GError
 *
 * Makes @n keys between @a and @b, the way `generateNKeysBetween (a, b, n)`
 * of the npm package fractional-indexing 4.0.0 does, byte for byte: with
 * one bound %NULL, @n consecutive integers after @a or before @b; with
 * both, confer_fractional_index_between() of @a and @b in the middle and
 * the keys on each side of it made the same way, recursively, which keeps
 * them short. For @n of 0 it returns an empty vector without looking at
 * @a and @b, as the package does. The keys come in ascending strcmp()
 * order, except when @a sorts after @b: the package then swaps the bounds
 * at every step, and the keys come in descending order.
 *
 * The algorithm is David Greenspan's "Implementing Fractional Indexing"
 * (https://observablehq.com/@dgreensp/implementing-fractional-indexing),
 * as fractional-indexing by Rocicorp implements it.
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): @n keys;
 *   or %NULL with the errors of confer_fractional_index_between() set
 */
char **
confer_fractional_index_n_between (const char  *a,
                                   const char  *b,
                                   guint        n,
                                   GError     **error)
{
  char **keys;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  keys = g_new0 (char *, (gsize) n + 1);
  if (!fill_between (a, b, n, keys, error))
    {
      for (gsize i = 0; i < n; i++)
        g_free (keys[i]);
      g_free (keys);
      return NULL;
    }
  return keys;
}

/* Writes the participant's suffix, as the scheme in the docstring below
 * says; at most 3 bytes for each byte of @id. */
static char *
write_participant (char       *p,
                   const char *id)
{
  for (; *id != '\0'; id++)
    {
      guint c = (guchar) *id;

      if (c != '0' && is_digit (c))
        *p++ = c;
      else
        {
          /* c = 61 q + r with 1 <= r <= 61: the last digit is never 0. */
          *p++ = '0';
          *p++ = DIGITS[(c - 1) / 61];
          *p++ = DIGITS[(c - 1) % 61 + 1];
        }
    }
  return p;
}

/**
 * confer_fractional_index_between_for:
 * @a: (nullable): the key before, or %NULL for the start of the order
 * @b: (nullable): the key after, or %NULL for the end of the order
 * @participant_id: the inserting participant's id, a non-empty string
 * @error: return location for a #GError
 *
 * Makes a key strictly between @a and @b that no other participant can get
 * for the same @a and @b, so that two participants who insert at the same
 * place at the same time never make equal keys (which would leave the two
 * elements' order undefined). The key is `m P E`:
 *
 * - `m` is confer_fractional_index_between() of @a and @b;
 * - `P` is empty unless `m` is a proper prefix of the upper bound @b
 *   (after swapping @a and @b if @a sorts after @b), `b = m r`; then `P`
 *   is one `0` more than `r` starts with (`r = 0…0 c …`, `c` ≠ `0`);
 * - `E` is @participant_id byte by byte: a digit `1-9A-Za-z` as itself,
 *   any other byte `c` (including `0`) as `0`, `q`, `r` in the digits,
 *   with `c = 61 q + r`, `0 ≤ q ≤ 4`, `1 ≤ r ≤ 61`.
 *
 * Why it works. `E` can be read back (a `0` starts a three-digit group,
 * anything else is one byte), so two ids give two different `E`, and the
 * same `m P` before them gives two different keys; `E` is never empty.
 * The key is valid for the package's validateOrderKey(): `m` is a valid
 * key or, before `A0000000000000000000000001`, the smallest integer; the
 * key extends `m` by digits, so its head and integer part are `m`'s, it is
 * longer than the smallest integer, and it ends in the last digit of `E`,
 * never `0`. It sorts after @a, as `m` does, and
 * after `m`, which it extends. It sorts before @b: if `m` is not a prefix
 * of @b, `m` < @b differs from @b within `m`'s length, and so does the
 * key; otherwise `r` is part of @b's fractional part, which does not end
 * in `0`, so `c` exists and is a digit above `0`, and the key has `0`
 * where @b has `c`. As a valid key strictly between the bounds, it is
 * accepted by the package's generateKeyBetween() as a bound afterwards,
 * with @a, @b or another participant's key on the other side. Two
 * participants' keys sort in a fixed order given by their ids.
 *
 * Confer's participant ids are 16 base64url characters, so `E` adds 16 to
 * 20 digits. The scheme is Confer's own; for the underlying algorithm see
 * confer_fractional_index_between().
 *
 * Returns: (transfer full) (nullable): the new key; or %NULL with the
 *   errors of confer_fractional_index_between() set, or
 *   %CONFER_CORE_ERROR_INVALID_POSITION if @a or @b holds a character
 *   outside the digits `0-9A-Za-z` (which the package tolerates, but which
 *   can leave no room for `P`)
 */
char *
confer_fractional_index_between_for (const char  *a,
                                     const char  *b,
                                     const char  *participant_id,
                                     GError     **error)
{
  g_autofree char *m = NULL;
  const char *bounds[2] = { a, b };
  const char *upper;
  gsize lm, lp = 0;
  char *key, *p;

  g_return_val_if_fail (participant_id != NULL && *participant_id != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  m = confer_fractional_index_between (a, b, error);
  if (m == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (bounds); i++)
    for (const char *c = bounds[i]; c != NULL && *c != '\0'; c++)
      if (!is_digit (*c))
        {
          g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_POSITION,
                       "invalid order key: %s (byte %u is not one of the digits 0-9A-Za-z)",
                       bounds[i], (guint) (c - bounds[i]));
          return NULL;
        }

  upper = a != NULL && b != NULL && strcmp (a, b) > 0 ? a : b;
  lm = strlen (m);
  if (upper != NULL && strncmp (upper, m, lm) == 0 && upper[lm] != '\0')
    {
      while (upper[lm + lp] == '0')
        lp++;
      lp++;
    }

  key = g_malloc (lm + lp + 3 * strlen (participant_id) + 1);
  memcpy (key, m, lm);
  memset (key + lm, '0', lp);
  p = write_participant (key + lm + lp, participant_id);
  *p = '\0';
  return key;
}
