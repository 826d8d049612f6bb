package dev.pantry.cli;
public final class Main { public static void main(String[] a) {} }
