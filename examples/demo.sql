-- flink-ddl demo: the connection statements of Confluent Cloud for Apache Flink.
CREATE CONNECTION IF NOT EXISTS openai_conn
  COMMENT 'chat completions'
  WITH (
    'type' = 'OPENAI',
    'endpoint' = 'https://api.openai.com/v1/chat/completions',
    'api-key' = 'sk-demo-not-a-real-key'
  );

DESCRIBE CONNECTION openai_conn;
SHOW CONNECTIONS LIKE 'open%';
ALTER CONNECTION openai_conn SET ('api-key' = 'sk-demo-rotated');
SHOW CREATE CONNECTION openai_conn;
