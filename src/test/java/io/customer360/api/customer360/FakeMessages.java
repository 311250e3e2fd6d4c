package io.customer360.api.customer360;

import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Messages that spell the method and its arguments, to check which message a refusal chose. */
final class FakeMessages {

  private FakeMessages() {}

  static Customer360Messages create() {
    return (Customer360Messages)
        Proxy.newProxyInstance(
            Customer360Messages.class.getClassLoader(),
            new Class<?>[] {Customer360Messages.class},
            (proxy, method, args) ->
                method.getName()
                    + (args == null
                        ? ""
                        : Arrays.stream(args)
                            .map(String::valueOf)
                            .collect(Collectors.joining(",", "(", ")"))));
  }
}
