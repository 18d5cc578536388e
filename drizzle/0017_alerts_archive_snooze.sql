DROP INDEX "alerts_group_unread_idx";--> statement-breakpoint
DROP INDEX "alerts_user_unread_idx";--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "snoozed_until" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "alerts_user_inbox_idx" ON "alerts" USING btree ("user_id","id" DESC NULLS LAST) WHERE "alerts"."archived_at" is null and "alerts"."snoozed_until" is null;--> statement-breakpoint
CREATE INDEX "alerts_user_archived_idx" ON "alerts" USING btree ("user_id","id" DESC NULLS LAST) WHERE "alerts"."archived_at" is not null;--> statement-breakpoint
CREATE INDEX "alerts_user_snoozed_idx" ON "alerts" USING btree ("user_id","id" DESC NULLS LAST) WHERE "alerts"."snoozed_until" is not null;--> statement-breakpoint
CREATE INDEX "alerts_snoozed_idx" ON "alerts" USING btree ("snoozed_until") WHERE "alerts"."snoozed_until" is not null;--> statement-breakpoint
CREATE INDEX "alerts_group_unread_idx" ON "alerts" USING btree ("group_key","user_id") WHERE "alerts"."read_at" is null and "alerts"."group_key" is not null and "alerts"."archived_at" is null and "alerts"."snoozed_until" is null;--> statement-breakpoint
CREATE INDEX "alerts_user_unread_idx" ON "alerts" USING btree ("user_id") WHERE "alerts"."read_at" is null and "alerts"."archived_at" is null and "alerts"."snoozed_until" is null;