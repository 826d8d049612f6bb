package dev.pantry.ops;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action on SIGHUP through {@code sun.misc.Signal} (module jdk.unsupported), reached reflectively so the
 * build has no compile-time tie to an internal API, and a JDK without it (or a platform without SIGHUP) just logs.
 */
public final class HangupSignal {
  private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

  private HangupSignal() {}

  /** Installs {@code action} for SIGHUP; returns whether it could. The action runs on the JDK's signal thread. */
  public static boolean install(Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object hup = signal.getConstructor(String.class).newInstance("HUP");
      InvocationHandler onSignal = (proxy, method, args) -> dispatch(proxy, method, args, action);
      Object h = Proxy.newProxyInstance(HangupSignal.class.getClassLoader(), new Class<?>[] {handler}, onSignal);
      signal.getMethod("handle", signal, handler).invoke(null, hup, h);
      return true;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null
          ? ite.getCause() : e;
      LOG.warn("SIGHUP reload unavailable on this JVM ({}); use POST /admin/reload", cause.toString());
      return false;
    }
  }

  private static @Nullable Object dispatch(Object proxy, Method method, Object[] args, Runnable action) {
    switch (method.getName()) {
      case "handle":
        try {
          action.run();
        } catch (RuntimeException e) {
          LOG.error("SIGHUP reload failed: {}", e.toString());
        }
        return null;
      case "hashCode":
        return System.identityHashCode(proxy);
      case "equals":
        return proxy == args[0];
      default:
        return "HangupSignal";
    }
  }
}
