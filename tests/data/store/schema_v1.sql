-- A conversation store as schema version 1 wrote it (tinychat's own recorder, then
-- sqlite3 FILE .dump): two conversations, a regenerated answer, reasoning, usage, failed and
-- interrupted answers, and one left streaming with a checkpoint by a writer that died.
-- The fixture for the migration from version 1; keep it as it is.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE conversations (
  id TEXT PRIMARY KEY NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  current_leaf_id TEXT
);
INSERT INTO conversations VALUES('06h27qxdpe28q781','What is a monad?',1795898191283,1795898191288,'06h27qxdpxk84zq7');
INSERT INTO conversations VALUES('06h27qxdq3mvqn5z','Write a haiku about SQLite',1795898191288,1795898191288,'06h27qxdq3mvqn63');
CREATE TABLE messages (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  parent_id TEXT REFERENCES messages(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
  text TEXT NOT NULL DEFAULT '',
  reasoning TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'complete'
    CHECK (status IN ('complete', 'streaming', 'interrupted', 'failed')),
  error TEXT NOT NULL DEFAULT '',
  finish_reason TEXT NOT NULL DEFAULT '',
  provider TEXT NOT NULL DEFAULT '',
  model TEXT NOT NULL DEFAULT '',
  base_url TEXT NOT NULL DEFAULT '',
  system_prompt TEXT NOT NULL DEFAULT '',
  temperature REAL,
  input_tokens INTEGER,
  output_tokens INTEGER,
  reasoning_tokens INTEGER,
  cached_tokens INTEGER,
  sent_ms INTEGER NOT NULL,
  first_token_ms INTEGER,
  finished_ms INTEGER,
  -- Who writes a streaming answer: boot id, pid and the process's start time. A streaming
  -- answer whose writer is gone reads as interrupted.
  writer TEXT
);
INSERT INTO messages VALUES(1,'06h27qxdpe28q782','06h27qxdpe28q781',NULL,'user',replace('What is a monad?\nExplain simply.','\n',char(10)),'','complete','','','','','','',NULL,NULL,NULL,NULL,NULL,1795898191283,NULL,NULL,NULL);
INSERT INTO messages VALUES(2,'06h27qxdpe28q783','06h27qxdpe28q781','06h27qxdpe28q782','assistant','A monad wraps a value with a way to chain steps.','The user wants a simple explanation.','complete','','end_turn','anthropic','claude-sonnet-4-5','https://api.anthropic.com/v1','Answer in one line.',0.69999999999999995559,12,15,6,0,1795898191283,1795898191284,1795898191284,NULL);
INSERT INTO messages VALUES(3,'06h27qxdpj4hkazy','06h27qxdpe28q781','06h27qxdpe28q782','assistant','Think of a monad as a pipeline for values in a context.','','complete','','end_turn','anthropic','claude-sonnet-4-5','https://api.anthropic.com/v1','Answer in one line.',0.69999999999999995559,12,14,NULL,NULL,1795898191284,1795898191287,1795898191287,NULL);
INSERT INTO messages VALUES(4,'06h27qxdpxk84zq6','06h27qxdpe28q781','06h27qxdpj4hkazy','user','And a functor?','','complete','','','','','','',NULL,NULL,NULL,NULL,NULL,1795898191287,NULL,NULL,NULL);
INSERT INTO messages VALUES(5,'06h27qxdpxk84zq7','06h27qxdpe28q781','06h27qxdpxk84zq6','assistant','A functor is','','failed','Server responded with an error. Status Code: 529: Overloaded','','anthropic','claude-sonnet-4-5','https://api.anthropic.com/v1','Answer in one line.',0.69999999999999995559,NULL,NULL,NULL,NULL,1795898191287,1795898191288,1795898191288,NULL);
INSERT INTO messages VALUES(6,'06h27qxdq3mvqn60','06h27qxdq3mvqn5z',NULL,'user','Write a haiku about SQLite','','complete','','','','','','',NULL,NULL,NULL,NULL,NULL,1795898191288,NULL,NULL,NULL);
INSERT INTO messages VALUES(7,'06h27qxdq3mvqn61','06h27qxdq3mvqn5z','06h27qxdq3mvqn60','assistant','Pages in a B-tree','','interrupted','cancelled','','openai','gpt-4o','https://api.openai.com/v1','',NULL,NULL,NULL,NULL,NULL,1795898191288,1795898191288,1795898191288,NULL);
INSERT INTO messages VALUES(8,'06h27qxdq3mvqn62','06h27qxdq3mvqn5z','06h27qxdq3mvqn61','user','Another one','','complete','','','','','','',NULL,NULL,NULL,NULL,NULL,1795898191288,NULL,NULL,NULL);
INSERT INTO messages VALUES(9,'06h27qxdq3mvqn63','06h27qxdq3mvqn5z','06h27qxdq3mvqn62','assistant','','','streaming','','','openai','gpt-4o','https://api.openai.com/v1','',NULL,NULL,NULL,NULL,NULL,1795898191288,1795898191288,NULL,'342c9295-bc01-47b0-a2e2-4040de80823d/9399/273177');
CREATE TABLE answer_chunks (
  message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  text TEXT NOT NULL,
  reasoning TEXT NOT NULL,
  PRIMARY KEY (message_id, seq)
) WITHOUT ROWID;
INSERT INTO answer_chunks VALUES('06h27qxdq3mvqn63',0,'Write-ahead log hums','');
PRAGMA writable_schema=ON;
INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','messages_fts','messages_fts',0,'CREATE VIRTUAL TABLE messages_fts USING fts5(
  text, content=''messages'', content_rowid=''seq'', tokenize=''unicode61 remove_diacritics 2'')');
CREATE TABLE IF NOT EXISTS 'messages_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO messages_fts_data VALUES(1,X'082f');
INSERT INTO messages_fts_data VALUES(10,X'000000000108080008010101020101030101040101050101060101070101080101');
INSERT INTO messages_fts_data VALUES(137438953473,X'0000003b02306101020401076578706c61696e0102060102697301020301056d6f6e6164010205010673696d706c7901020701047768617401020204060c070a0b');
INSERT INTO messages_fts_data VALUES(274877906945,X'0000005402306102060205050105636861696e02020b01056d6f6e61640202030105737465707302020c0102746f02020a010576616c75650202060103776179020209020369746802020702047261707302020404080a0a0a070a0808');
INSERT INTO messages_fts_data VALUES(412316860417,X'0000006002306103060405070201730302060107636f6e7465787403020d0103666f720302090102696e03020b01056d6f6e616403020501026f660302030108706970656c696e6503020801057468696e6b030202010676616c75657303020a0408060c08070a070d0a');
INSERT INTO messages_fts_data VALUES(549755813889,X'0000001d02306104020302026e64040202010766756e63746f72040204040607');
INSERT INTO messages_fts_data VALUES(687194767361,X'0000001d023061050202010766756e63746f720502030102697305020404060c');
INSERT INTO messages_fts_data VALUES(824633720833,X'000000320230610602030204626f757406020501056861696b75060204010673716c697465060206010577726974650602020406090a0b');
INSERT INTO messages_fts_data VALUES(962072674305,X'0000002a0230610702040101620702050102696e07020301057061676573070202010474726565070206040606070a');
INSERT INTO messages_fts_data VALUES(1099511627777,X'000000180830616e6f7468657208020201036f6e65080203040c');
CREATE TABLE IF NOT EXISTS 'messages_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
INSERT INTO messages_fts_idx VALUES(1,X'',2);
INSERT INTO messages_fts_idx VALUES(2,X'',2);
INSERT INTO messages_fts_idx VALUES(3,X'',2);
INSERT INTO messages_fts_idx VALUES(4,X'',2);
INSERT INTO messages_fts_idx VALUES(5,X'',2);
INSERT INTO messages_fts_idx VALUES(6,X'',2);
INSERT INTO messages_fts_idx VALUES(7,X'',2);
INSERT INTO messages_fts_idx VALUES(8,X'',2);
CREATE TABLE IF NOT EXISTS 'messages_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
INSERT INTO messages_fts_docsize VALUES(1,X'06');
INSERT INTO messages_fts_docsize VALUES(2,X'0b');
INSERT INTO messages_fts_docsize VALUES(3,X'0c');
INSERT INTO messages_fts_docsize VALUES(4,X'03');
INSERT INTO messages_fts_docsize VALUES(5,X'03');
INSERT INTO messages_fts_docsize VALUES(6,X'05');
INSERT INTO messages_fts_docsize VALUES(7,X'05');
INSERT INTO messages_fts_docsize VALUES(8,X'02');
CREATE TABLE IF NOT EXISTS 'messages_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO messages_fts_config VALUES('version',4);
CREATE INDEX conversations_by_update ON conversations(updated_ms);
CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
CREATE INDEX messages_by_parent ON messages(parent_id);
CREATE INDEX messages_streaming ON messages(writer) WHERE status = 'streaming';
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.text != '' BEGIN
  INSERT INTO messages_fts(rowid, text) VALUES (new.seq, new.text);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.text != '' BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.seq, old.text);
END;
CREATE TRIGGER messages_fts_update_old AFTER UPDATE OF text ON messages WHEN old.text != '' BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.seq, old.text);
END;
CREATE TRIGGER messages_fts_update_new AFTER UPDATE OF text ON messages WHEN new.text != '' BEGIN
  INSERT INTO messages_fts(rowid, text) VALUES (new.seq, new.text);
END;
PRAGMA writable_schema=OFF;
COMMIT;
PRAGMA user_version = 1;
PRAGMA application_id = 1950574708;
