-- The tables of a recent simonw/llm logs.db (trimmed to what the reader reads, plus some
-- columns it ignores).
CREATE TABLE conversations (id TEXT PRIMARY KEY, name TEXT, model TEXT);
CREATE TABLE responses (id TEXT PRIMARY KEY, model TEXT, prompt TEXT, system TEXT,
  prompt_json TEXT, options_json TEXT, response TEXT, response_json TEXT,
  conversation_id TEXT REFERENCES conversations(id), duration_ms INTEGER, datetime_utc TEXT,
  input_tokens INTEGER, output_tokens INTEGER, token_details TEXT);
INSERT INTO conversations VALUES ('01j0conv', 'Haiku about tea', 'gpt-4o-mini');
INSERT INTO responses VALUES ('01j0r2', 'gpt-4o-mini', 'Now one about coffee', NULL, NULL, '{}',
  'Dark roast wakes', NULL, '01j0conv', 900, '2024-06-01T10:01:00.250000', 12, 6, NULL);
INSERT INTO responses VALUES ('01j0r1', 'gpt-4o-mini', 'Write a haiku about tea', 'Be poetic',
  NULL, '{}', 'Steam curls from the cup', NULL, '01j0conv', 1200, '2024-06-01T10:00:00.000000',
  10, 8, NULL);
INSERT INTO responses VALUES ('01j0r3', 'claude-3-haiku', 'hello', NULL, NULL, '{}', 'Hello!',
  NULL, NULL, 300, '2024-06-02T08:00:00', NULL, NULL, NULL);
