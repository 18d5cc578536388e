DROP INDEX "product_types_name_lower_idx";--> statement-breakpoint
DROP INDEX "products_name_lower_idx";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "session_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "product_types_name_lower_idx" ON "product_types" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "products_name_lower_idx" ON "products" USING btree (lower("name"));