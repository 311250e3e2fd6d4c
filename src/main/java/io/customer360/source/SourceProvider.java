package io.customer360.source;

import java.util.Set;

/** Source providers. The SDK and plugin providers are legacy: they can no longer be created. */
public enum SourceProvider {
  API,
  CONTACTPLAN,
  CONTACTSEND,
  Javascript,
  MAGENTO,
  ANDROID_SDK,
  OBJECTIVEC_SDK,
  NODEJS_SDK,
  JAVA_SDK,
  SCALA_SDK,
  DOTNET_SDK;

  static final Set<SourceProvider> LEGACY =
      Set.of(
          Javascript,
          MAGENTO,
          ANDROID_SDK,
          OBJECTIVEC_SDK,
          NODEJS_SDK,
          JAVA_SDK,
          SCALA_SDK,
          DOTNET_SDK);

  boolean isLegacy() {
    return LEGACY.contains(this);
  }

  /** A "Send" source: only ADMIN and CLAB_OPERATOR create or modify one. */
  boolean isSend() {
    return this == CONTACTSEND;
  }
}
