CREATE TYPE "public"."leave_status" AS ENUM('pending', 'approved', 'declined', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."workplace_kind" AS ENUM('office', 'remote', 'place');--> statement-breakpoint
ALTER TYPE "public"."user_token_purpose" ADD VALUE 'contact_email';--> statement-breakpoint
ALTER TYPE "public"."user_token_purpose" ADD VALUE 'phone';--> statement-breakpoint
CREATE TABLE "leave_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" "leave_status" DEFAULT 'pending' NOT NULL,
	"decided_by_membership_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "leave_requests_order" CHECK ("leave_requests"."ends_on" >= "leave_requests"."starts_on"),
	CONSTRAINT "leave_requests_note_length" CHECK (char_length("leave_requests"."note") <= 500)
);
--> statement-breakpoint
CREATE TABLE "member_workplaces" (
	"membership_id" uuid PRIMARY KEY NOT NULL,
	"kind" "workplace_kind" NOT NULL,
	"place_name" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_workplaces_place_named" CHECK (("member_workplaces"."kind" = 'place') = ("member_workplaces"."place_name" is not null and char_length("member_workplaces"."place_name") between 1 and 120))
);
--> statement-breakpoint
CREATE TABLE "work_schedule_intervals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"membership_id" uuid NOT NULL,
	"weekday" smallint NOT NULL,
	"start_minute" smallint NOT NULL,
	"end_minute" smallint NOT NULL,
	CONSTRAINT "work_schedule_weekday" CHECK ("work_schedule_intervals"."weekday" between 0 and 6),
	CONSTRAINT "work_schedule_bounds" CHECK ("work_schedule_intervals"."start_minute" >= 0 and "work_schedule_intervals"."end_minute" <= 1440 and "work_schedule_intervals"."end_minute" > "work_schedule_intervals"."start_minute")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "phone_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "contact_email" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "contact_email_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "avatar_key" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "time_zone" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "notification_prefs" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "user_tokens" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "leave_requests" ADD CONSTRAINT "leave_requests_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leave_requests" ADD CONSTRAINT "leave_requests_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leave_requests" ADD CONSTRAINT "leave_requests_decided_by_membership_id_memberships_id_fk" FOREIGN KEY ("decided_by_membership_id") REFERENCES "public"."memberships"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_workplaces" ADD CONSTRAINT "member_workplaces_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_schedule_intervals" ADD CONSTRAINT "work_schedule_intervals_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "leave_requests_membership_idx" ON "leave_requests" USING btree ("membership_id","starts_on");--> statement-breakpoint
CREATE INDEX "leave_requests_account_idx" ON "leave_requests" USING btree ("account_id","status","ends_on");--> statement-breakpoint
CREATE INDEX "work_schedule_intervals_membership_idx" ON "work_schedule_intervals" USING btree ("membership_id","weekday");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_contact_email_shape" CHECK ("users"."contact_email" is null or ("users"."contact_email" ~ '^[^@\s]+@[^@\s]+$' and char_length("users"."contact_email") <= 254));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_description_length" CHECK (char_length("users"."description") <= 2000);