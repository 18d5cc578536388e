ALTER TABLE "system_settings" ADD COLUMN "sent_delivery_retention_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "system_settings" ADD COLUMN "dead_delivery_retention_days" integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE "system_settings" ADD COLUMN "event_retention_days" integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE "system_settings" ADD COLUMN "outbox_email_retention_days" integer DEFAULT 14 NOT NULL;--> statement-breakpoint
CREATE INDEX "deliveries_created_idx" ON "deliveries" USING btree ("created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "deliveries_event_idx" ON "deliveries" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "deliveries_status_user_idx" ON "deliveries" USING btree ("status","user_id");--> statement-breakpoint
CREATE INDEX "deliveries_user_idx" ON "deliveries" USING btree ("user_id") WHERE "deliveries"."user_id" is not null;--> statement-breakpoint
CREATE INDEX "deliveries_destination_product_idx" ON "deliveries" USING btree ("destination_product_id") WHERE "deliveries"."destination_product_id" is not null;--> statement-breakpoint
CREATE INDEX "deliveries_webhook_endpoint_idx" ON "deliveries" USING btree ("webhook_endpoint_id") WHERE "deliveries"."webhook_endpoint_id" is not null;--> statement-breakpoint
CREATE INDEX "notification_events_type_idx" ON "notification_events" USING btree ("type","id");--> statement-breakpoint
CREATE INDEX "outbox_emails_event_idx" ON "outbox_emails" USING btree ("event_id");