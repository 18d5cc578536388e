DROP INDEX "alerts_event_idx";--> statement-breakpoint
CREATE INDEX "alerts_event_user_idx" ON "alerts" USING btree ("event_id","user_id");