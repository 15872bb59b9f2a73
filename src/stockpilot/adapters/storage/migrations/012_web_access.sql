-- 012: the web app's people and integrations (R-UI-3, R-DATA-2). A user's password and an
-- integration's token are kept only as hashes (Argon2id for passwords, SHA-256 for the random
-- tokens); access_log records log-ins, failed log-ins and refused actions (who, what, when);
-- login_failures counts failed log-ins in a row per name, to slow guessing down.
CREATE TABLE users (
    name VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, password_hash VARCHAR NOT NULL,
    language VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, disabled_at TIMESTAMP);
CREATE TABLE api_tokens (
    token_id BIGINT PRIMARY KEY, name VARCHAR NOT NULL, role VARCHAR NOT NULL,
    token_hash VARCHAR NOT NULL UNIQUE, created_by VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP);
CREATE SEQUENCE api_token_seq START WITH 1;
CREATE TABLE access_log (
    logged_at TIMESTAMP NOT NULL, who VARCHAR NOT NULL, event VARCHAR NOT NULL, detail VARCHAR NOT NULL);
CREATE TABLE login_failures (
    name VARCHAR PRIMARY KEY, failures INTEGER NOT NULL, last_failed_at TIMESTAMP NOT NULL);
