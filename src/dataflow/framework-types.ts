/**
 * Supertypes of the framework classes the tables name, for the classes an app's code meets
 * without their code (the app ships no android.jar): a call written against
 * `Lcom/app/MainActivity;->startActivity` resolves to `Landroid/app/Activity;`, which must
 * still match the `Landroid/content/Context;` row. From the "Inheritance" line of each class
 * in the Android API reference (developer.android.com/reference).
 */
const FRAMEWORK_SUPERTYPES: Readonly<Record<string, readonly string[]>> = {
  'Landroid/app/Activity;': ['Landroid/view/ContextThemeWrapper;'],
  'Landroid/view/ContextThemeWrapper;': ['Landroid/content/ContextWrapper;'],
  'Landroid/content/ContextWrapper;': ['Landroid/content/Context;'],
  'Landroid/app/Service;': ['Landroid/content/ContextWrapper;'],
  'Landroid/app/IntentService;': ['Landroid/app/Service;'],
  'Landroid/app/Application;': ['Landroid/content/ContextWrapper;'],
  'Landroid/app/ListActivity;': ['Landroid/app/Activity;'],
  'Landroid/app/TabActivity;': ['Landroid/app/ActivityGroup;'],
  'Landroid/app/ActivityGroup;': ['Landroid/app/Activity;'],
  'Landroid/app/NativeActivity;': ['Landroid/app/Activity;'],
  'Landroid/preference/PreferenceActivity;': ['Landroid/app/ListActivity;'],
  'Landroid/accessibilityservice/AccessibilityService;': ['Landroid/app/Service;'],
  'Landroid/service/notification/NotificationListenerService;': ['Landroid/app/Service;'],
  'Landroid/widget/EditText;': ['Landroid/widget/TextView;'],
  'Landroid/widget/AutoCompleteTextView;': ['Landroid/widget/EditText;'],
  'Landroid/widget/Button;': ['Landroid/widget/TextView;'],
  'Landroid/widget/TextView;': ['Landroid/view/View;'],
  'Ljavax/net/ssl/HttpsURLConnection;': ['Ljava/net/HttpURLConnection;'],
  'Ljava/net/HttpURLConnection;': ['Ljava/net/URLConnection;'],
  'Ljava/io/FileOutputStream;': ['Ljava/io/OutputStream;'],
  'Ljava/io/ByteArrayOutputStream;': ['Ljava/io/OutputStream;'],
  'Ljava/io/FilterOutputStream;': ['Ljava/io/OutputStream;'],
  'Ljava/io/BufferedOutputStream;': ['Ljava/io/FilterOutputStream;'],
  'Ljava/io/DataOutputStream;': ['Ljava/io/FilterOutputStream;'],
  'Ljava/io/PrintStream;': ['Ljava/io/FilterOutputStream;'],
  'Ljava/io/ObjectOutputStream;': ['Ljava/io/OutputStream;'],
  'Ljava/io/OutputStreamWriter;': ['Ljava/io/Writer;'],
  'Ljava/io/FileWriter;': ['Ljava/io/OutputStreamWriter;'],
  'Ljava/io/BufferedWriter;': ['Ljava/io/Writer;'],
  'Ljava/io/PrintWriter;': ['Ljava/io/Writer;'],
  'Ljava/io/StringWriter;': ['Ljava/io/Writer;'],
  'Ljava/io/FileInputStream;': ['Ljava/io/InputStream;'],
  'Ljava/io/BufferedReader;': ['Ljava/io/Reader;'],
  'Ljava/io/InputStreamReader;': ['Ljava/io/Reader;'],
  // Threads and executors (the hand-off table names the interfaces).
  'Ljava/lang/Thread;': ['Ljava/lang/Runnable;'],
  'Ljava/util/TimerTask;': ['Ljava/lang/Runnable;'],
  'Ljava/util/concurrent/ExecutorService;': ['Ljava/util/concurrent/Executor;'],
  'Ljava/util/concurrent/ScheduledExecutorService;': ['Ljava/util/concurrent/ExecutorService;'],
  'Ljava/util/concurrent/AbstractExecutorService;': ['Ljava/util/concurrent/ExecutorService;'],
  'Ljava/util/concurrent/ThreadPoolExecutor;': ['Ljava/util/concurrent/AbstractExecutorService;'],
  'Ljava/util/concurrent/ScheduledThreadPoolExecutor;': [
    'Ljava/util/concurrent/ThreadPoolExecutor;',
    'Ljava/util/concurrent/ScheduledExecutorService;',
  ],
  'Ljava/util/ArrayList;': ['Ljava/util/AbstractList;', 'Ljava/util/List;'],
  'Ljava/util/LinkedList;': ['Ljava/util/AbstractSequentialList;', 'Ljava/util/List;', 'Ljava/util/Deque;'],
  'Ljava/util/AbstractSequentialList;': ['Ljava/util/AbstractList;'],
  'Ljava/util/AbstractList;': ['Ljava/util/AbstractCollection;', 'Ljava/util/List;'],
  'Ljava/util/AbstractCollection;': ['Ljava/util/Collection;'],
  'Ljava/util/List;': ['Ljava/util/Collection;'],
  'Ljava/util/Set;': ['Ljava/util/Collection;'],
  'Ljava/util/Queue;': ['Ljava/util/Collection;'],
  'Ljava/util/Deque;': ['Ljava/util/Queue;'],
  'Ljava/util/Collection;': ['Ljava/lang/Iterable;'],
  'Ljava/util/HashSet;': ['Ljava/util/AbstractSet;', 'Ljava/util/Set;'],
  'Ljava/util/AbstractSet;': ['Ljava/util/AbstractCollection;', 'Ljava/util/Set;'],
  'Ljava/util/HashMap;': ['Ljava/util/AbstractMap;', 'Ljava/util/Map;'],
  'Ljava/util/LinkedHashMap;': ['Ljava/util/HashMap;'],
  'Ljava/util/TreeMap;': ['Ljava/util/AbstractMap;', 'Ljava/util/Map;'],
  'Ljava/util/AbstractMap;': ['Ljava/util/Map;'],
  'Ljava/lang/StringBuilder;': ['Ljava/lang/CharSequence;'],
  'Ljava/lang/StringBuffer;': ['Ljava/lang/CharSequence;'],
  'Ljava/lang/String;': ['Ljava/lang/CharSequence;'],
  'Landroid/text/SpannableStringBuilder;': ['Landroid/text/Editable;'],
  'Landroid/text/Editable;': ['Ljava/lang/CharSequence;'],
  // Exceptions (java.lang and the packages apps catch from).
  'Ljava/lang/Exception;': ['Ljava/lang/Throwable;'],
  'Ljava/lang/Error;': ['Ljava/lang/Throwable;'],
  'Ljava/lang/RuntimeException;': ['Ljava/lang/Exception;'],
  'Ljava/lang/IndexOutOfBoundsException;': ['Ljava/lang/RuntimeException;'],
  'Ljava/lang/ArrayIndexOutOfBoundsException;': ['Ljava/lang/IndexOutOfBoundsException;'],
  'Ljava/lang/StringIndexOutOfBoundsException;': ['Ljava/lang/IndexOutOfBoundsException;'],
  'Ljava/lang/ArithmeticException;': ['Ljava/lang/RuntimeException;'],
  'Ljava/lang/ClassCastException;': ['Ljava/lang/RuntimeException;'],
  'Ljava/lang/NegativeArraySizeException;': ['Ljava/lang/RuntimeException;'],
  'Ljava/lang/ArrayStoreException;': ['Ljava/lang/RuntimeException;'],
  'Ljava/lang/NullPointerException;': ['Ljava/lang/RuntimeException;'],
  'Ljava/lang/IllegalArgumentException;': ['Ljava/lang/RuntimeException;'],
  'Ljava/lang/NumberFormatException;': ['Ljava/lang/IllegalArgumentException;'],
  'Ljava/lang/IllegalStateException;': ['Ljava/lang/RuntimeException;'],
  'Ljava/lang/UnsupportedOperationException;': ['Ljava/lang/RuntimeException;'],
  'Ljava/lang/SecurityException;': ['Ljava/lang/RuntimeException;'],
  'Ljava/io/IOException;': ['Ljava/lang/Exception;'],
  'Ljava/io/FileNotFoundException;': ['Ljava/io/IOException;'],
  'Ljava/net/MalformedURLException;': ['Ljava/io/IOException;'],
  'Ljava/net/UnknownHostException;': ['Ljava/io/IOException;'],
  'Ljava/net/SocketException;': ['Ljava/io/IOException;'],
  'Lorg/json/JSONException;': ['Ljava/lang/Exception;'],
  'Ljava/lang/InterruptedException;': ['Ljava/lang/Exception;'],
  'Ljava/lang/ReflectiveOperationException;': ['Ljava/lang/Exception;'],
  'Ljava/lang/ClassNotFoundException;': ['Ljava/lang/ReflectiveOperationException;'],
  'Ljava/lang/NoSuchMethodException;': ['Ljava/lang/ReflectiveOperationException;'],
};

const OBJECT = 'Ljava/lang/Object;';

/** Direct supertypes of a framework class (Object for the ones not listed). */
export function frameworkSupertypes(descriptor: string): readonly string[] {
  return FRAMEWORK_SUPERTYPES[descriptor] ?? (descriptor === OBJECT ? [] : [OBJECT]);
}

/**
 * Exceptions the VM raises for one instruction (dalvik-bytecode: aget/aput, div/rem,
 * check-cast, new-array, aput-object): framework calls are not assumed to throw these, so
 * a handler for them is reached only from an instruction that can raise them.
 */
export const VM_ONLY_EXCEPTIONS: ReadonlySet<string> = new Set([
  'Ljava/lang/ArrayIndexOutOfBoundsException;',
  'Ljava/lang/ArithmeticException;',
  'Ljava/lang/ClassCastException;',
  'Ljava/lang/NegativeArraySizeException;',
  'Ljava/lang/ArrayStoreException;',
]);

export const THROWABLE = 'Ljava/lang/Throwable;';

/**
 * Packages of the platform and of the libraries that wrap it (android.support, AndroidX,
 * the Kotlin runtime, Material components): their code is modelled like the framework's
 * (tables, defaults), not analysed, even when the app ships a copy. They read no personal
 * data of their own accord, and analysing them would spend the budget on code no finding
 * cites (FlowDroid excludes them the same way).
 */
const PLATFORM_PACKAGES = [
  'Landroid/',
  'Landroidx/',
  'Ljava/',
  'Ljavax/',
  'Ldalvik/',
  'Lkotlin/',
  'Lkotlinx/',
  'Lcom/google/android/material/',
  'Lorg/json/',
  'Lorg/apache/http/',
  // HTTP clients whose requests the tables model (library-models.ts, data-sinks.ts): the request is
  // the finding, not the client's sockets.
  'Lokhttp3/',
  'Lcom/squareup/okhttp/',
];

export function isPlatformClass(descriptor: string): boolean {
  return PLATFORM_PACKAGES.some((prefix) => descriptor.startsWith(prefix));
}
