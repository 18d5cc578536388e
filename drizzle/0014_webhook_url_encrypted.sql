ALTER TABLE "webhook_endpoints" ALTER COLUMN "url" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD COLUMN "url_encrypted" text;