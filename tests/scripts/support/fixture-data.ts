import { psql } from "./psql";

/** Tables the fixture creates, schema-qualified as the scripts' manifests name them. */
export const FIXTURE_TABLES = ["audit.events", "public.customers", "public.empty_table", "public.orders"];

/**
 * A few thousand rows over several schemas and types: unicode text (accents, CJK, emoji, RTL), NULLs in
 * every nullable column kind, numeric, float, jsonb, bytea, arrays, timestamps with and without zone.
 */
export function loadFixture(env: Record<string, string>, database: string): void {
    psql(env, "postgres", `CREATE DATABASE "${database}"`);
    psql(
        env,
        database,
        `
CREATE SCHEMA audit;
CREATE TABLE public.customers (
  id serial PRIMARY KEY,
  name text NOT NULL,
  email text,
  created_at timestamptz NOT NULL,
  balance numeric(12,2)
);
INSERT INTO public.customers (name, email, created_at, balance)
SELECT (ARRAY['Zoë Ångström', '東京 太郎', 'Ñandú 🚀', 'שלום עולם', 'O''Brien "quoted"', E'tab\\there'])[1 + g % 6] || ' #' || g,
       CASE WHEN g % 7 = 0 THEN NULL ELSE 'user' || g || '@example.test' END,
       timestamptz '2025-01-01 00:00:00+00' + g * interval '37 minutes',
       CASE WHEN g % 11 = 0 THEN NULL ELSE round((g * 13.37)::numeric % 100000, 2) END
FROM generate_series(1, 3000) g;

CREATE TABLE public.orders (
  id bigserial PRIMARY KEY,
  customer_id int NOT NULL REFERENCES public.customers(id),
  total double precision,
  notes text,
  items jsonb
);
INSERT INTO public.orders (customer_id, total, notes, items)
SELECT 1 + g % 3000, g / 7.0, CASE WHEN g % 5 = 0 THEN NULL ELSE 'note ✓ ' || g END,
       jsonb_build_object('sku', 'SKU-' || g, 'qty', g % 9, 'tags', jsonb_build_array('α', 'β'))
FROM generate_series(1, 5000) g;

CREATE TABLE audit.events (
  id int GENERATED ALWAYS AS IDENTITY,
  payload bytea,
  happened_at timestamp,
  tags text[]
);
INSERT INTO audit.events (payload, happened_at, tags)
SELECT CASE WHEN g % 3 = 0 THEN NULL ELSE decode(md5(g::text), 'hex') END,
       timestamp '2025-06-01 12:00:00' + g * interval '1 second',
       CASE WHEN g % 4 = 0 THEN NULL ELSE ARRAY['tag' || g, 'ümlaut'] END
FROM generate_series(1, 2000) g;

CREATE TABLE public.empty_table (id int);
`,
    );
}
