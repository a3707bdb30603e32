-- Settings and rotatable secrets join the configuration that config_version covers, so servers
-- cache them per version (like policies and dashboards) instead of for a few seconds: a changed
-- authorized origin, identity-provider URL or SSO key holds on every server from its next request.
CREATE TRIGGER "settings_bump_config_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "settings" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "setting_secrets_bump_config_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "setting_secrets" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();
