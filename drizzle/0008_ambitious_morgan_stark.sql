CREATE TYPE "public"."digest_frequency" AS ENUM('off', 'hourly', 'daily');--> statement-breakpoint
ALTER TYPE "public"."delivery_kind" ADD VALUE 'digest';--> statement-breakpoint
ALTER TYPE "public"."delivery_status" ADD VALUE 'held';--> statement-breakpoint
ALTER TYPE "public"."delivery_status" ADD VALUE 'digested';--> statement-breakpoint
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_owner_check";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "digest" "digest_frequency" DEFAULT 'off' NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "digest_window" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "digest_id" uuid;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_digest_id_deliveries_id_fk" FOREIGN KEY ("digest_id") REFERENCES "public"."deliveries"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_digest_uniq" ON "deliveries" USING btree ("user_id","channel","digest_window") WHERE "deliveries"."digest_window" is not null;--> statement-breakpoint
CREATE INDEX "deliveries_digest_members_idx" ON "deliveries" USING btree ("digest_id") WHERE "deliveries"."digest_id" is not null;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_owner_check" CHECK (("deliveries"."kind" <> 'shared') = ("deliveries"."user_id" is not null));