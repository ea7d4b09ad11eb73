/**
 * Content providers of personal data: their content:// authorities/paths and the
 * framework constants that hold them (Android API reference, android.provider.*).
 */
import type { DataCategory } from '../../findings/vocabulary.js';

const REF = 'https://developer.android.com/reference/android/provider/';

export interface UriPrefix {
  /** Matched case-insensitively against the start of the string, after `content://`. */
  readonly prefix: string;
  readonly category: DataCategory;
  readonly what: string;
  readonly reference: string;
}

export const URI_PREFIXES: readonly UriPrefix[] = [
  { prefix: 'sms', category: 'sms', what: 'SMS messages', reference: `${REF}Telephony.Sms` },
  { prefix: 'mms-sms', category: 'sms', what: 'SMS/MMS conversations', reference: `${REF}Telephony.MmsSms` },
  { prefix: 'mms', category: 'sms', what: 'MMS messages', reference: `${REF}Telephony.Mms` },
  {
    prefix: 'icc/adn',
    category: 'contacts',
    what: 'contacts stored on the SIM card',
    reference:
      'https://android.googlesource.com/platform/frameworks/opt/telephony/+/refs/heads/main/src/java/com/android/internal/telephony/IccProvider.java',
  },
  { prefix: 'call_log', category: 'call-log', what: 'the call log', reference: `${REF}CallLog.Calls` },
  { prefix: 'com.android.contacts', category: 'contacts', what: 'contacts', reference: `${REF}ContactsContract` },
  { prefix: 'contacts', category: 'contacts', what: 'contacts', reference: `${REF}Contacts` },
  {
    prefix: 'com.android.calendar',
    category: 'calendar',
    what: 'calendar events',
    reference: `${REF}CalendarContract`,
  },
  { prefix: 'calendar', category: 'calendar', what: 'calendar events', reference: `${REF}CalendarContract` },
  { prefix: 'media/external/images', category: 'photos', what: 'photos', reference: `${REF}MediaStore.Images.Media` },
  { prefix: 'media/external/video', category: 'photos', what: 'videos', reference: `${REF}MediaStore.Video.Media` },
  {
    prefix: 'media/external/file',
    category: 'files',
    what: 'files in shared storage',
    reference: `${REF}MediaStore.Files`,
  },
  { prefix: 'media/external/audio', category: 'files', what: 'audio files', reference: `${REF}MediaStore.Audio.Media` },
  {
    prefix: 'telephony/carriers',
    category: 'cell-info',
    what: 'the mobile network (APN) settings',
    reference: `${REF}Telephony.Carriers`,
  },
  {
    prefix: 'browser/bookmarks',
    category: 'network-tools',
    what: 'browser history and bookmarks',
    reference: 'https://developer.android.com/about/versions/marshmallow/android-6.0-changes#behavior-bookmark-browser',
  },
];

export interface UriField {
  /** `Lclass;->FIELD:Landroid/net/Uri;` */
  readonly field: string;
  readonly category: DataCategory;
  readonly what: string;
  readonly reference: string;
}

function uri(owner: string, field: string, category: DataCategory, what: string, page: string): UriField {
  return {
    field: `Landroid/provider/${owner};->${field}:Landroid/net/Uri;`,
    category,
    what,
    reference: `${REF}${page}#${field}`,
  };
}

export const URI_FIELDS: readonly UriField[] = [
  uri('ContactsContract$Contacts', 'CONTENT_URI', 'contacts', 'contacts', 'ContactsContract.Contacts'),
  uri('ContactsContract$RawContacts', 'CONTENT_URI', 'contacts', 'contacts', 'ContactsContract.RawContacts'),
  uri('ContactsContract$Data', 'CONTENT_URI', 'contacts', 'contact details', 'ContactsContract.Data'),
  uri(
    'ContactsContract$CommonDataKinds$Phone',
    'CONTENT_URI',
    'contacts',
    "contacts' phone numbers",
    'ContactsContract.CommonDataKinds.Phone',
  ),
  uri(
    'ContactsContract$CommonDataKinds$Email',
    'CONTENT_URI',
    'contacts',
    "contacts' e-mail addresses",
    'ContactsContract.CommonDataKinds.Email',
  ),
  uri(
    'ContactsContract$PhoneLookup',
    'CONTENT_FILTER_URI',
    'contacts',
    'contacts by phone number',
    'ContactsContract.PhoneLookup',
  ),
  uri('ContactsContract$Profile', 'CONTENT_URI', 'phone-number', "the owner's own profile", 'ContactsContract.Profile'),
  uri('Contacts$People', 'CONTENT_URI', 'contacts', 'contacts', 'Contacts.People'),
  uri('CallLog$Calls', 'CONTENT_URI', 'call-log', 'the call log', 'CallLog.Calls'),
  uri('Telephony$Sms', 'CONTENT_URI', 'sms', 'SMS messages', 'Telephony.Sms'),
  uri('Telephony$Sms$Inbox', 'CONTENT_URI', 'sms', 'received SMS messages', 'Telephony.Sms.Inbox'),
  uri('Telephony$Sms$Sent', 'CONTENT_URI', 'sms', 'sent SMS messages', 'Telephony.Sms.Sent'),
  uri('Telephony$Sms$Conversations', 'CONTENT_URI', 'sms', 'SMS conversations', 'Telephony.Sms.Conversations'),
  uri('Telephony$Mms', 'CONTENT_URI', 'sms', 'MMS messages', 'Telephony.Mms'),
  uri('Telephony$MmsSms', 'CONTENT_CONVERSATIONS_URI', 'sms', 'SMS/MMS conversations', 'Telephony.MmsSms'),
  uri('CalendarContract$Events', 'CONTENT_URI', 'calendar', 'calendar events', 'CalendarContract.Events'),
  uri('CalendarContract$Calendars', 'CONTENT_URI', 'calendar', 'calendars', 'CalendarContract.Calendars'),
  uri('CalendarContract$Attendees', 'CONTENT_URI', 'calendar', 'event attendees', 'CalendarContract.Attendees'),
  uri('MediaStore$Images$Media', 'EXTERNAL_CONTENT_URI', 'photos', 'photos', 'MediaStore.Images.Media'),
  uri('MediaStore$Video$Media', 'EXTERNAL_CONTENT_URI', 'photos', 'videos', 'MediaStore.Video.Media'),
  uri('MediaStore$Audio$Media', 'EXTERNAL_CONTENT_URI', 'files', 'audio files', 'MediaStore.Audio.Media'),
];
