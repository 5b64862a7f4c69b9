-- An early simonw/llm logs.db (2023): no system, token counts or duration yet.
CREATE TABLE conversations (id TEXT PRIMARY KEY, name TEXT, model TEXT);
CREATE TABLE responses (id TEXT PRIMARY KEY, model TEXT, prompt TEXT, response TEXT,
  conversation_id TEXT, datetime_utc TEXT);
INSERT INTO conversations VALUES ('old1', 'Ten names for a cat', 'gpt-3.5-turbo');
INSERT INTO responses VALUES ('r1', 'gpt-3.5-turbo', 'Ten names for a cat', 'Whiskers, ...',
  'old1', '2023-07-11 18:32:58.163817');
