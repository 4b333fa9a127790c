-- Where each three-character piece of the search text lies in an account's name order (issue 15, item 2).
-- A search for a fragment many members hold, all of whom sort late ("wes": ~5,600 Weston, Wesley… near
-- the end of 200,000 names), was found by the bitmap: every match fetched from a table page of its own and
-- sorted, 15 ms with the pages cached and 50+ when they were not. A member matching `like '%term%'` holds
-- every three-character piece of the term in search_text, so no match sorts before the latest "first
-- holder" of the term's pieces: the walk along the name index (index-only) starts there and reads about a
-- page. One row per account and piece (~480,000 for 1,000,000 memberships, ~31 MB), far smaller than a
-- copy of the account's rows kept together.
--
-- The spans only ever widen (a member added, renamed or moved widens them; one removed leaves them as they
-- are), so they are always a true bound, if not always the tightest; a widening locks only the rows it
-- widens, in (account, piece) order, so adding members to an account does not queue on its common pieces.
CREATE FUNCTION member_search_trigrams(search_text text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN array(SELECT DISTINCT substr(search_text, i, 3) FROM generate_series(1, char_length(search_text) - 2) i);
--> statement-breakpoint
CREATE TABLE "member_trigram_spans" (
  "account_id" uuid NOT NULL REFERENCES "accounts"("id") ON DELETE CASCADE,
  "trigram" text NOT NULL,
  -- The first and last sort_last_name, in the name order, of the account's members whose search_text holds it.
  "first_last_name" text NOT NULL,
  "last_last_name" text NOT NULL,
  PRIMARY KEY ("account_id", "trigram")
);
--> statement-breakpoint
CREATE FUNCTION member_trigram_spans_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH wanted AS (
    SELECT n.account_id, g.trigram, min(n.sort_last_name) AS first_last_name, max(n.sort_last_name) AS last_last_name
      FROM changed_rows n CROSS JOIN LATERAL unnest(member_search_trigrams(n.search_text)) g(trigram)
      GROUP BY n.account_id, g.trigram
  )
  INSERT INTO member_trigram_spans AS s (account_id, trigram, first_last_name, last_last_name)
    SELECT w.account_id, w.trigram, w.first_last_name, w.last_last_name FROM wanted w
      WHERE NOT EXISTS (SELECT FROM member_trigram_spans c WHERE c.account_id = w.account_id AND c.trigram = w.trigram
        AND c.first_last_name <= w.first_last_name AND c.last_last_name >= w.last_last_name)
      ORDER BY w.account_id, w.trigram
    ON CONFLICT (account_id, trigram) DO UPDATE SET
      first_last_name = least(s.first_last_name, excluded.first_last_name),
      last_last_name = greatest(s.last_last_name, excluded.last_last_name);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER memberships_trigram_spans_insert AFTER INSERT ON memberships
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_trigram_spans_add();
--> statement-breakpoint
-- Row-level with a column list, as memberships_count_move: a statement trigger with transition tables would
-- run on every update (each sign-in stamps last_sign_in_at). user_id is listed because changing it makes
-- memberships_copy_user rewrite the copies, which a column list alone would not see.
CREATE FUNCTION member_trigram_spans_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO member_trigram_spans AS s (account_id, trigram, first_last_name, last_last_name)
    SELECT NEW.account_id, g.trigram, NEW.sort_last_name, NEW.sort_last_name
      FROM unnest(member_search_trigrams(NEW.search_text)) g(trigram)
      WHERE NOT EXISTS (SELECT FROM member_trigram_spans c WHERE c.account_id = NEW.account_id AND c.trigram = g.trigram
        AND c.first_last_name <= NEW.sort_last_name AND c.last_last_name >= NEW.sort_last_name)
      ORDER BY g.trigram
    ON CONFLICT (account_id, trigram) DO UPDATE SET
      first_last_name = least(s.first_last_name, excluded.first_last_name),
      last_last_name = greatest(s.last_last_name, excluded.last_last_name);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER memberships_trigram_spans_change AFTER UPDATE OF account_id, user_id, search_text, sort_last_name ON memberships
  FOR EACH ROW WHEN (OLD.account_id IS DISTINCT FROM NEW.account_id OR OLD.search_text IS DISTINCT FROM NEW.search_text
    OR OLD.sort_last_name IS DISTINCT FROM NEW.sort_last_name)
  EXECUTE FUNCTION member_trigram_spans_change();
--> statement-breakpoint
CREATE FUNCTION member_trigram_spans_reset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM member_trigram_spans;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER memberships_trigram_spans_truncate AFTER TRUNCATE ON memberships
  FOR EACH STATEMENT EXECUTE FUNCTION member_trigram_spans_reset();
--> statement-breakpoint
INSERT INTO member_trigram_spans (account_id, trigram, first_last_name, last_last_name)
  SELECT m.account_id, g.trigram, min(m.sort_last_name), max(m.sort_last_name)
    FROM memberships m CROSS JOIN LATERAL unnest(member_search_trigrams(m.search_text)) g(trigram)
    GROUP BY m.account_id, g.trigram;
