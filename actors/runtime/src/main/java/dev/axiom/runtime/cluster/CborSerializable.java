package dev.axiom.runtime.cluster;

/** Marks the messages that cross nodes; they are serialised as CBOR by Pekko's Jackson serializer. */
public interface CborSerializable {}
