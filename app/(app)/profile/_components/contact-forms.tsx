'use client';

import { BadgeCheck, Clock } from 'lucide-react';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { resendContactEmailAction, sendPhoneCodeAction, setContactEmailAction, setPhoneAction, verifyPhoneAction } from '../actions';
import { useSection } from './use-section';

function Verified({ children }: { children: React.ReactNode }) {
  return (
    <span className="inline-flex items-center gap-1 text-sm text-emerald-800">
      <BadgeCheck className="size-4" aria-hidden /> {children}
    </span>
  );
}

function Waiting({ children }: { children: React.ReactNode }) {
  return (
    <span className="inline-flex items-center gap-1 text-sm text-amber-800">
      <Clock className="size-4" aria-hidden /> {children}
    </span>
  );
}

export function ContactEmailForm({ loginEmail, contactEmail, verified }: { loginEmail: string; contactEmail: string | null; verified: boolean }) {
  const [value, setValue] = useState(contactEmail ?? '');
  const { pending, errors, run } = useSection();
  return (
    <form
      className="grid gap-3"
      noValidate
      aria-label="Contact email"
      onSubmit={(event) => {
        event.preventDefault();
        run(
          () => setContactEmailAction({ contactEmail: value }),
          (outcome) =>
            outcome === 'verification_sent' ? `We sent a link to ${value.trim().toLowerCase()}. Open it to confirm the address.` : outcome === 'login_email' ? 'Notifications go to your login email.' : 'Nothing to change.',
        );
      }}
    >
      <Field
        name="contactEmail"
        label="Contact email"
        type="email"
        autoComplete="email"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        error={errors.contactEmail}
        placeholder={loginEmail}
        hint={`Where notifications go, if not to your login email (${loginEmail}). Leave empty to use the login email.`}
      />
      <div className="grid gap-2" data-testid="contact-email-status">
        {contactEmail && verified ? <Verified>Verified: notifications go to {contactEmail}.</Verified> : null}
        {contactEmail && !verified ? (
          <>
            <Waiting>
              Waiting for you to confirm {contactEmail}: until then, notifications go to your login email ({loginEmail}).
            </Waiting>
            <Button type="button" variant="outline" size="sm" className="w-fit" disabled={pending} onClick={() => run(() => resendContactEmailAction(), `We sent the link to ${contactEmail} again.`)}>
              Send the link again
            </Button>
          </>
        ) : null}
      </div>
      <Button type="submit" className="w-fit" disabled={pending || value.trim().toLowerCase() === (contactEmail ?? '')}>
        Save contact email
      </Button>
    </form>
  );
}

/** `phone` as stored (E.164) and as people read it (+44 20 7946 0958). */
export function PhoneForm({ phone, phoneDisplay, verified, codePending }: { phone: string | null; phoneDisplay: string | null; verified: boolean; codePending: boolean }) {
  const [value, setValue] = useState(phoneDisplay ?? '');
  const [code, setCode] = useState('');
  const [undelivered, setUndelivered] = useState(false);
  const { pending, errors, run } = useSection();
  return (
    <div className="grid gap-4">
      <form
        className="grid gap-3"
        noValidate
        aria-label="Phone"
        onSubmit={(event) => {
          event.preventDefault();
          run(
            () => setPhoneAction({ phone: value }),
            (data) => (data.outcome === 'unchanged' ? 'Nothing to change.' : data.phone ? 'Your phone number is saved. Verify it to get text messages.' : 'Your phone number is removed.'),
            () => setUndelivered(false),
          );
        }}
      >
        <Field
          name="phone"
          label="Phone"
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          error={errors.phone}
          placeholder="+44 20 7946 0958"
          hint="In international form: + and the country code. Changing it needs a new verification."
        />
        <Button type="submit" className="w-fit" disabled={pending || value.trim() === (phoneDisplay ?? '')}>
          Save phone
        </Button>
      </form>
      {phone ? (
        <div className="grid gap-3 rounded-md border border-border p-3" data-testid="phone-status">
          {verified ? (
            <Verified>{phoneDisplay} is verified.</Verified>
          ) : (
            <>
              <Waiting>{phoneDisplay} is not verified yet: SMS notifications need a verified number.</Waiting>
              <Button
                type="button"
                variant="outline"
                size="sm"
                className="w-fit"
                disabled={pending}
                onClick={() => run(() => sendPhoneCodeAction(), (data) => (data.delivered ? `We sent a code to ${phoneDisplay}.` : null), (data) => setUndelivered(!data.delivered))}
              >
                {codePending ? 'Send a new code' : 'Send a code'}
              </Button>
              {undelivered ? <Alert>No text-message provider is set up on this server, so the code could not be delivered. Ask your administrator.</Alert> : null}
              {codePending ? (
                <form
                  className="flex flex-wrap items-start gap-2"
                  noValidate
                  aria-label="Verify phone"
                  onSubmit={(event) => {
                    event.preventDefault();
                    run(() => verifyPhoneAction({ code }), 'Your phone number is verified.', () => setCode(''));
                  }}
                >
                  <div className="w-56">
                    <Field name="code" label="Code from the text message" inputMode="numeric" autoComplete="one-time-code" maxLength={7} value={code} onChange={(event) => setCode(event.target.value)} error={errors.code} />
                  </div>
                  <Button type="submit" className="mt-6" disabled={pending || code.trim().length < 6}>
                    Verify
                  </Button>
                </form>
              ) : null}
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}
