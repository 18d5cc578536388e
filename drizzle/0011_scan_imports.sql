CREATE TABLE "scan_imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"test_id" integer NOT NULL,
	"event_id" bigint,
	"kind" text NOT NULL,
	"scan_type" text NOT NULL,
	"user_id" integer,
	"statistics" jsonb NOT NULL,
	"changes" jsonb NOT NULL,
	"severity" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "file_path" text;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "line" integer;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "cwe" integer;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "vulnerability_ids" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "component_name" text;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "component_version" text;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "unique_id_from_tool" text;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "hash_code" text;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "static_finding" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "dynamic_finding" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "false_p" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "is_mitigated" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "mitigated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "mitigation" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "references" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "endpoints" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "scan_imports" ADD CONSTRAINT "scan_imports_test_id_tests_id_fk" FOREIGN KEY ("test_id") REFERENCES "public"."tests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_imports" ADD CONSTRAINT "scan_imports_event_id_notification_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."notification_events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_imports" ADD CONSTRAINT "scan_imports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "scan_imports_test_idx" ON "scan_imports" USING btree ("test_id");--> statement-breakpoint
CREATE INDEX "scan_imports_event_idx" ON "scan_imports" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "findings_test_hash_idx" ON "findings" USING btree ("test_id","hash_code");--> statement-breakpoint
CREATE INDEX "findings_test_unique_id_idx" ON "findings" USING btree ("test_id","unique_id_from_tool");